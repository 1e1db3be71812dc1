using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>The OpenAPI document and Swagger UI: what a newcomer explores the API with.</summary>
public sealed class OpenApiDocumentTests : ApiFixture
{
    private const string TokenOperation = "/api/v1/agents/{agentId}/livekit/token";

    private static readonly Dictionary<string, string[]> ContractErrorCodes = new(StringComparer.Ordinal)
    {
        ["400"] = ["invalid_request", "validation_error"],
        ["401"] = ["unauthorized", "invalid_key"],
        ["404"] = ["not_found"],
        ["413"] = ["payload_too_large"],
        ["415"] = ["unsupported_media_type"],
        ["429"] = ["rate_limited", "session_limit"],
        ["500"] = ["config_error", "internal_error"],
        ["503"] = ["service_unavailable"],
    };

    private JsonElement _document;

    [OneTimeSetUp]
    public async Task ReadDocument()
    {
        var response = await Client.GetAsync("/swagger/v1/swagger.json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        _document = await response.JsonAsync();
    }

    private JsonElement Operation => _document.GetProperty("paths").GetProperty(TokenOperation).GetProperty("post");

    private JsonElement ResponseJson(string status) =>
        Operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json");

    [Test]
    public void ListsEveryContractStatusCode_EachWithADescriptionAndExample()
    {
        var statuses = Operation.GetProperty("responses").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(statuses, Is.EquivalentTo(new[] { "200", "400", "401", "404", "413", "415", "429", "500", "503" }));
        foreach (var status in statuses)
        {
            Assert.That(Operation.GetProperty("responses").GetProperty(status).GetProperty("description").GetString(), Is.Not.Empty, status);
            var media = ResponseJson(status);
            Assert.That(media.TryGetProperty("example", out _) || media.TryGetProperty("examples", out _), Is.True, $"{status} has no example");
        }
    }

    [Test]
    public void ErrorExamples_CoverEveryContractErrorCode_ForItsStatus()
    {
        foreach (var (status, codes) in ContractErrorCodes)
        {
            var examples = ResponseJson(status).GetProperty("examples").EnumerateObject()
                .Select(e => e.Value.GetProperty("value"))
                .ToList();

            Assert.That(examples.Select(e => e.GetProperty("error").GetString()).Distinct(), Is.EquivalentTo(codes), status);
            Assert.That(examples.All(e => e.GetProperty("message").GetString() is { Length: > 0 }), Is.True, status);
            Assert.That(ResponseJson(status).GetProperty("schema").GetProperty("$ref").GetString(), Does.EndWith("/ApiErrorBody"), status);
        }
    }

    [Test]
    public void SuccessExample_HasTheTokenRoomAndServerUrl_AndTheSchemaIsDescribed()
    {
        var example = ResponseJson("200").GetProperty("example");
        Assert.That(example.GetProperty("token").GetString(), Does.StartWith("eyJ"));
        Assert.That(example.GetProperty("roomName").GetString(), Does.StartWith("agentsgt-room-"));
        Assert.That(example.GetProperty("serverUrl").GetString(), Does.StartWith("wss://"));

        // VoiceTokenDto lives in Application: its XML docs must reach the document too.
        var dto = _document.GetProperty("components").GetProperty("schemas").GetProperty("VoiceTokenDto");
        Assert.That(dto.GetProperty("description").GetString(), Is.Not.Empty);
        foreach (var property in new[] { "token", "roomName", "serverUrl", "visitorId", "expiresAt", "resumeToken" })
        {
            Assert.That(dto.GetProperty("properties").GetProperty(property).GetProperty("description").GetString(), Is.Not.Empty, property);
        }

        // Publishable keys: rooms and identities are not the caller's to choose, resume tokens are how to rejoin.
        var request = _document.GetProperty("components").GetProperty("schemas").GetProperty("IssueVoiceTokenRequest").GetProperty("properties");
        Assert.That(request.GetProperty("roomName").GetProperty("description").GetString(), Does.Contain("Ignored for publishable keys"));
        Assert.That(request.GetProperty("visitorId").GetProperty("description").GetString(), Does.Contain("Ignored for publishable keys"));
        Assert.That(request.GetProperty("resumeToken").GetProperty("description").GetString(), Does.Contain("Publishable keys only"));
    }

    [Test]
    public void RequestExample_IsTheApiPagesExample_AndUnknownFieldsAreNotForbidden()
    {
        var body = Operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");

        Assert.That(
            JsonNode.DeepEquals(JsonNode.Parse(body.GetProperty("example").GetRawText()), JsonNode.Parse("""{"roomName":"support-room-001","visitorId":"user-123","visitorName":"John Doe"}""")),
            Is.True,
            body.GetProperty("example").GetRawText());
        var schema = _document.GetProperty("components").GetProperty("schemas").GetProperty("IssueVoiceTokenRequest");
        Assert.That(schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False, Is.False);
        Assert.That(schema.GetProperty("properties").GetProperty("visitorName").GetProperty("description").GetString(), Is.Not.Empty);
    }

    [Test]
    public void BearerScheme_IsAnHttpBearerScheme_RequiredByTheDocument()
    {
        var scheme = _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");

        Assert.That(scheme.GetProperty("type").GetString(), Is.EqualTo("http"));
        Assert.That(scheme.GetProperty("scheme").GetString(), Is.EqualTo("bearer"));
        Assert.That(scheme.GetProperty("description").GetString(), Does.Contain("pk_").And.Contain("sk_"));
        Assert.That(_document.GetProperty("security")[0].TryGetProperty("Bearer", out _), Is.True);
    }

    // The examples are the real bodies: for every error we can provoke here, the service answers exactly its example.
    [TestCase("401", "unauthorized", null, "{}", "application/json")]
    [TestCase("401", "invalid_key", "wrong-secret", "{}", "application/json")]
    [TestCase("404", "not_found", "other-agent", "{}", "application/json")]
    [TestCase("415", "unsupported_media_type", "", "visitorName=John", "text/plain")]
    [TestCase("400", "invalid_request", "", """{"visitorName": 5}""", "application/json")]
    [TestCase("400", "validation_error", "", """{"roomName": "not a room"}""", "application/json")]
    public async Task ErrorExamples_AreExactlyWhatTheServiceAnswers(string status, string example, string? variant, string json, string contentType)
    {
        var authorization = variant switch
        {
            null => null,
            "wrong-secret" => $"Bearer {Tenant.Credentials.PublicKey}:sk_wrongwrongwrong",
            _ => Tenant.Authorization,
        };
        var path = variant == "other-agent" ? Tenant.TokenPath(Guid.NewGuid()) : Tenant.TokenPath();

        var response = await Client.PostTokenAsync(path, authorization, json, contentType);

        Assert.That((int)response.StatusCode, Is.EqualTo(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture)));
        var expected = ResponseJson(status).GetProperty("examples").GetProperty(example).GetProperty("value").GetRawText();
        var actual = await response.Content.ReadAsStringAsync();
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected)), Is.True, $"actual {actual}\nexample {expected}");
    }

    [Test]
    public async Task PayloadTooLargeExample_IsWhatTheServiceAnswers()
    {
        var response = await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization, new string(' ', 17 * 1024) + "{}");

        var expected = ResponseJson("413").GetProperty("examples").GetProperty("payload_too_large").GetProperty("value").GetRawText();
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(await response.Content.ReadAsStringAsync()), JsonNode.Parse(expected)), Is.True);
    }

    [Test]
    public async Task SessionLimitExample_IsWhatTheServiceAnswers_WithRetryAfter()
    {
        var (keyId, credentials) = await Factory.AddKeyAsync(Tenant.OrganizationId);
        await using (var db = Factory.NewDbContext())
        {
            var key = await db.ApiKeys.AsTracking().SingleAsync(k => k.Id == keyId);
            key.SetMaxConcurrentSessions(1);
            await db.SaveChangesAsync();
        }

        var authorization = $"Bearer {credentials.PublicKey}:{credentials.Secret}";
        Assert.That((await Client.PostTokenAsync(Tenant.TokenPath(), authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var response = await Client.PostTokenAsync(Tenant.TokenPath(), authorization);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(response.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(5)));
        var expected = ResponseJson("429").GetProperty("examples").GetProperty("session_limit").GetProperty("value").GetRawText();
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(await response.Content.ReadAsStringAsync()), JsonNode.Parse(expected)), Is.True);
    }

    [Test]
    public void WebhookOperation_DocumentsItsOwnErrors_NotTheTokenEndpoints()
    {
        var responses = _document.GetProperty("paths").GetProperty("/api/v1/livekit/webhook").GetProperty("post").GetProperty("responses");

        var unauthorized = responses.GetProperty("401").GetProperty("content").GetProperty("application/json").GetProperty("examples").EnumerateObject().Single();
        Assert.That(unauthorized.Value.GetProperty("value").GetProperty("error").GetString(), Is.EqualTo("invalid_signature"));
        Assert.That(responses.TryGetProperty("404", out _), Is.False);
    }

    [Test]
    public async Task SwaggerUi_IsServedAtSwagger()
    {
        var response = await Client.GetAsync("/swagger/index.html");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("swagger-ui"));
    }
}
