using System.Globalization;

namespace Agentsgt.Api.IntegrationTests.Support;

public static class IssuedToken
{
    /// <summary>
    /// Asserts that <paramref name="endpoint"/> issued a token: its success status,
    /// <c>Cache-Control: no-store</c>, a JSON body with exactly the endpoint's response fields, and
    /// a JWT that the LiveKit secret verifies (HS256) with exp − nbf = <paramref name="ttl"/>, exactly
    /// the five grants, the room and identity the body names, and the configured server URL. A
    /// <paramref name="publishable"/> key's answer carries the endpoint's resume token too.
    /// The LiveKit settings are <see cref="ApiFactory"/>'s unless the API runs with others
    /// (<paramref name="apiKey"/>, <paramref name="apiSecret"/>, <paramref name="serverUrl"/>).
    /// </summary>
    public static async Task<(JsonElement Body, LiveKitTokenReader Token)> AssertIssuedAsync(
        this HttpResponseMessage response,
        TokenEndpoint endpoint,
        int ttl = 3600,
        bool publishable = false,
        string apiKey = ApiFactory.LiveKitApiKey,
        string apiSecret = ApiFactory.LiveKitApiSecret,
        string serverUrl = ApiFactory.LiveKitUrl)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(endpoint);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(endpoint.SuccessStatus), text);
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(response.Headers.Location, Is.Null);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(publishable ? [.. endpoint.ResponseFields, endpoint.ResumeTokenField] : endpoint.ResponseFields), text);
        Assert.That(body.GetProperty(endpoint.ServerUrlResponseField).GetString(), Is.EqualTo(serverUrl));

        var token = LiveKitTokenReader.Verify(body.GetProperty(endpoint.TokenResponseField).GetString()!, apiSecret);
        Assert.That(token.Claim("iss"), Is.EqualTo(apiKey));
        Assert.That(token.Expires - token.NotBefore, Is.EqualTo(ttl));
        Assert.That(token.VideoGrantNames(), Is.EquivalentTo(new[] { "room", "roomJoin", "canPublish", "canSubscribe", "canPublishData" }));
        Assert.That(token.Video.EnumerateObject().Where(p => p.Name != "room").All(p => p.Value.GetBoolean()), Is.True);
        Assert.That(token.Video.GetProperty("room").GetString(), Is.EqualTo(body.GetProperty(endpoint.RoomResponseField).GetString()));
        // Every token names its session, so LiveKit's webhooks about the participant do too.
        var sessionId = token.Payload.GetProperty("attributes").GetProperty("agentsgt.sessionId").GetString();
        Assert.That(Guid.TryParseExact(sessionId, "D", out _), Is.True, sessionId);
        if (endpoint.IsTokenSource)
        {
            Assert.That(token.Claim("name"), Is.EqualTo(body.GetProperty("participant_name").GetString()));
        }
        else
        {
            Assert.That(body.GetProperty("sessionId").GetString(), Is.EqualTo(sessionId));
            Assert.That(body.GetProperty("maxSessionSeconds").GetInt32(), Is.GreaterThan(0));
            Assert.That(token.Claim("sub"), Is.EqualTo(body.GetProperty("visitorId").GetString()));
            Assert.That(body.GetProperty("expiresAt").GetString(), Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(token.Expires).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
        }

        return (body, token);
    }

    /// <summary>The identity the token carries (the contract body's <c>visitorId</c>, token-source's <c>sub</c>).</summary>
    public static string Identity(this LiveKitTokenReader token) => token.Claim("sub");

    /// <summary>The room the body names, under the endpoint's wire name.</summary>
    public static string Room(this JsonElement body, TokenEndpoint endpoint) => body.GetProperty(endpoint.RoomResponseField).GetString()!;
}
