using System.Net.Http.Headers;
using System.Text;

namespace Agentsgt.Api.IntegrationTests.Support;

public static class HttpExtensions
{
    /// <summary>POSTs to the token endpoint with an optional Authorization header and body.</summary>
    public static Task<HttpResponseMessage> PostTokenAsync(this HttpClient client, string path, string? authorization, string? json = "{}", string? contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }

        return client.SendAsync(request);
    }

    /// <summary>POSTs raw bytes (for bodies a string cannot hold, e.g. invalid UTF-8) to the token endpoint.</summary>
    public static Task<HttpResponseMessage> PostTokenBytesAsync(this HttpClient client, string path, string? authorization, byte[] body, string? contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(client);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts status, JSON content type and the contract's error code and message.</summary>
    public static async Task<JsonElement> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), body);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.That(json.GetProperty("error").GetString(), Is.EqualTo(code), body);
        Assert.That(json.GetProperty("message").GetString(), message is null ? Is.Not.Empty : Is.EqualTo(message), body);
        return json;
    }
}
