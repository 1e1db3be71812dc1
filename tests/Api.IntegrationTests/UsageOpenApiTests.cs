using System.Text.Json.Nodes;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>The usage endpoints in the OpenAPI document: every status with its example, and the examples are the real bodies.</summary>
public sealed class UsageOpenApiTests : ApiFixture
{
    private const string Shop = "https://shop.example.com";

    private JsonElement _document;

    [OneTimeSetUp]
    public async Task ReadDocument()
    {
        var response = await Client.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _document = await response.JsonAsync();
    }

    private JsonElement Responses(string path) => _document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("responses");

    private JsonElement Example(string path, string status, string name) =>
        Responses(path).GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("examples").GetProperty(name).GetProperty("value");

    [TestCase("/api/v1/sessions", "sessions")]
    [TestCase("/api/v1/usage", "groups")]
    public void ListsEveryStatus_WithADescriptionAndExample_AndTheQueryParameters(string path, string successField)
    {
        var responses = Responses(path);

        Assert.That(responses.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "200", "400", "401", "403", "429", "500", "503" }));
        foreach (var status in responses.EnumerateObject())
        {
            Assert.That(status.Value.GetProperty("description").GetString(), Is.Not.Empty, status.Name);
            var media = status.Value.GetProperty("content").GetProperty("application/json");
            Assert.That(media.TryGetProperty("example", out _) || media.TryGetProperty("examples", out _), Is.True, $"{status.Name} has no example");
        }

        Assert.That(responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example").TryGetProperty(successField, out _), Is.True);
        Assert.That(Example(path, "403", "forbidden").GetProperty("error").GetString(), Is.EqualTo("forbidden"));
        var tooMany = Responses(path).GetProperty("429").GetProperty("content").GetProperty("application/json").GetProperty("examples");
        Assert.That(tooMany.EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "rate_limited" }), "no session limit on reads");
        var parameters = _document.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("description").GetString());
        Assert.That(parameters.Keys, Is.EquivalentTo(path.EndsWith("sessions", StringComparison.Ordinal)
            ? new[] { "agentId", "from", "to", "limit", "cursor" }
            : new[] { "from", "to", "groupBy" }));
        Assert.That(parameters.Values, Has.All.Not.Empty);
    }

    [TestCase("/api/v1/sessions?limit=0", "/api/v1/sessions", "400", "validation_error", "secret")]
    [TestCase("/api/v1/usage?groupBy=week", "/api/v1/usage", "400", "validation_error", "secret")]
    [TestCase("/api/v1/usage", "/api/v1/usage", "401", "unauthorized", null)]
    [TestCase("/api/v1/sessions", "/api/v1/sessions", "401", "invalid_key", "wrong-secret")]
    [TestCase("/api/v1/sessions", "/api/v1/sessions", "403", "forbidden", "publishable")]
    [TestCase("/api/v1/usage", "/api/v1/usage", "403", "forbidden", "publishable")]
    public async Task ErrorExamples_AreExactlyWhatTheServiceAnswers(string request, string path, string status, string example, string? caller)
    {
        var (_, publishable) = await Factory.AddPublishableKeyAsync(Tenant.OrganizationId, [Shop]);
        var response = caller switch
        {
            null => await Client.GetAsync(request, null),
            "wrong-secret" => await Client.GetAsync(request, $"Bearer {Tenant.Credentials.PublicKey}:sk_wrongwrongwrong"),
            "publishable" => await Client.GetAsync(request, $"Bearer {publishable}", Shop),
            _ => await Client.GetAsync(request, Tenant.Authorization),
        };

        Assert.That(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(status));
        var expected = Example(path, status, example).GetRawText();
        var actual = await response.Content.ReadAsStringAsync();
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected)), Is.True, $"actual {actual}\nexample {expected}");
    }

    [Test]
    public void TheTokenEndpoint_KeepsItsOwnExamples()
    {
        var token = _document.GetProperty("paths").GetProperty("/api/v1/agents/{agentId}/livekit/token").GetProperty("post").GetProperty("responses");

        Assert.That(token.TryGetProperty("403", out _), Is.False);
        Assert.That(token.GetProperty("400").GetProperty("content").GetProperty("application/json").GetProperty("examples").TryGetProperty("invalid_request", out _), Is.True);
    }
}
