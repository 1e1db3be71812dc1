using System.Net;
using Agentsgt.Api.IntegrationTests.Support;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Tests.Support;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// The contract (shared/spec/CONTRACT.md), row by row of its order of checks, through the real
/// HTTP pipeline and a real PostgreSQL database. Every issued token is verified.
/// </summary>
public sealed class VoiceTokenEndpointTests
{
    private ApiFactory _factory = null!;
    private HttpClient _client = null!;
    private TestTenant _tenant = null!;

    [OneTimeSetUp]
    public async Task StartApi()
    {
        _factory = await ApiFactory.CreateAsync("endpoint");
        _client = _factory.CreateClient();
        _tenant = await _factory.CreateTenantAsync();
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static async Task<(System.Text.Json.JsonElement Body, LiveKitTokenReader Token)> AssertIssuedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var body = await response.JsonAsync();
        var token = LiveKitTokenReader.Verify(body.GetProperty("token").GetString()!, ApiFactory.LiveKitApiSecret);
        Assert.That(token.Expires - token.NotBefore, Is.EqualTo(3600));
        Assert.That(token.VideoGrantNames(), Is.EquivalentTo(new[] { "room", "roomJoin", "canPublish", "canSubscribe", "canPublishData" }));
        Assert.That(token.Video.EnumerateObject().Where(p => p.Name != "room").All(p => p.Value.GetBoolean()), Is.True);
        Assert.That(token.Claim("iss"), Is.EqualTo(ApiFactory.LiveKitApiKey));
        Assert.That(token.Video.GetProperty("room").GetString(), Is.EqualTo(body.GetProperty("roomName").GetString()));
        Assert.That(token.Claim("sub"), Is.EqualTo(body.GetProperty("visitorId").GetString()));
        Assert.That(body.GetProperty("serverUrl").GetString(), Is.EqualTo(ApiFactory.LiveKitUrl));
        Assert.That(body.GetProperty("expiresAt").GetString(), Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(token.Expires).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
        return (body, token);
    }

    // ---- Success -------------------------------------------------------------------------

    [Test]
    public async Task IssuesAToken_ForTheApiPagesExampleRequest()
    {
        var response = await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization,
            """{ "roomName": "support-room-001", "visitorId": "user-123", "visitorName": "John Doe" }""");

        var (body, token) = await AssertIssuedAsync(response);
        Assert.That(body.GetProperty("roomName").GetString(), Is.EqualTo(RoomName.FromShortName(_tenant.AgentId, _tenant.OrganizationId, "support-room-001").Value));
        Assert.That(body.GetProperty("visitorId").GetString(), Is.EqualTo("user-123"));
        Assert.That(token.Claim("name"), Is.EqualTo("John Doe"));
    }

    [Test]
    public async Task IssuesAToken_ForTheApiPagesCurlExample()
    {
        var (body, token) = await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{ "visitorName": "John Doe" }"""));

        Assert.That(RoomName.TryParse(body.GetProperty("roomName").GetString(), out var room), Is.True);
        Assert.That(room!.AgentId, Is.EqualTo(_tenant.AgentId));
        Assert.That(room.OrganizationId, Is.EqualTo(_tenant.OrganizationId));
        Assert.That(room.Suffix, Does.Match("^[a-z0-9]{16,}$"));
        Assert.That(token.Claim("name"), Is.EqualTo("John Doe"));
    }

    [Test]
    public async Task GeneratesDefaults_WhenTheBodyIsEmpty()
    {
        var (body, token) = await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, json: null));

        Assert.That(token.Claim("name"), Is.EqualTo("Visitor"));
        Assert.That(body.GetProperty("visitorId").GetString(), Does.StartWith("visitor-"));
    }

    [Test]
    public async Task GeneratesAFreshRoomAndIdentity_OnEveryCall()
    {
        var first = (await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization))).Body;
        var second = (await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization))).Body;

        Assert.That(first.GetProperty("roomName").GetString(), Is.Not.EqualTo(second.GetProperty("roomName").GetString()));
        Assert.That(first.GetProperty("visitorId").GetString(), Is.Not.EqualTo(second.GetProperty("visitorId").GetString()));
    }

    [Test]
    public async Task RejoinsTheRoom_WhenGivenAFullRoomNameItIssued()
    {
        var issued = (await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization))).Body.GetProperty("roomName").GetString();

        var (body, _) = await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, $$"""{"roomName":"{{issued}}"}"""));

        Assert.That(body.GetProperty("roomName").GetString(), Is.EqualTo(issued));
    }

    [Test]
    public async Task GivesTwoOrganizationsDifferentRooms_ForTheSameShortName()
    {
        var other = await _factory.CreateTenantAsync();

        var mine = (await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{"roomName":"support"}"""))).Body;
        var theirs = (await AssertIssuedAsync(await _client.PostTokenAsync(other.TokenPath(), other.Authorization, """{"roomName":"support"}"""))).Body;
        var mineAgain = (await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{"roomName":"support"}"""))).Body;

        Assert.That(mine.GetProperty("roomName").GetString(), Is.Not.EqualTo(theirs.GetProperty("roomName").GetString()));
        Assert.That(mine.GetProperty("roomName").GetString(), Is.EqualTo(mineAgain.GetProperty("roomName").GetString()));
    }

    [Test]
    public async Task TrimsFields_AndTreatsEmptyAsOmitted()
    {
        var (body, token) = await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization,
            """{"roomName":"  ","visitorId":"  user-7  ","visitorName":"  José Núñez "}"""));

        Assert.That(body.GetProperty("visitorId").GetString(), Is.EqualTo("user-7"));
        Assert.That(token.Claim("name"), Is.EqualTo("José Núñez"));
        Assert.That(RoomName.TryParse(body.GetProperty("roomName").GetString(), out _), Is.True);
    }

    [Test]
    public async Task AcceptsAnUppercaseAgentUuid()
    {
        await AssertIssuedAsync(await _client.PostTokenAsync($"/api/v1/agents/{_tenant.AgentId.ToString().ToUpperInvariant()}/livekit/token", _tenant.Authorization));
    }

    [Test]
    public async Task FiftyParallelCallsOnOneKey_AllSucceed()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization)));

        foreach (var response in responses)
        {
            await AssertIssuedAsync(response);
        }
    }

    // ---- 1. Credentials present and well formed ------------------------------------------

    [TestCase(null, TestName = "Check1_Unauthorized_WhenHeaderMissing")]
    [TestCase("Basic cGtfYTpza19i", TestName = "Check1_Unauthorized_WhenOtherScheme")]
    [TestCase("Bearer", TestName = "Check1_Unauthorized_WhenSchemeOnly")]
    [TestCase("Bearer pk_abc", TestName = "Check1_Unauthorized_WhenPkWithoutSk")]
    [TestCase("Bearer pk_abcsk_def", TestName = "Check1_Unauthorized_WhenColonMissing")]
    [TestCase("Bearer :sk_def", TestName = "Check1_Unauthorized_WhenPublicPartEmpty")]
    [TestCase("Bearer pk_abc:", TestName = "Check1_Unauthorized_WhenSecretEmpty")]
    [TestCase("Bearer ak_abc:sk_def", TestName = "Check1_Unauthorized_WhenPublicPrefixWrong")]
    [TestCase("Bearer pk_abc:ak_def", TestName = "Check1_Unauthorized_WhenSecretPrefixWrong")]
    [TestCase("Bearer pk_abc: sk_def", TestName = "Check1_Unauthorized_WhenSpaceInsidePair")]
    public async Task Check1_Unauthorized(string? authorization)
    {
        var response = await _client.PostTokenAsync(_tenant.TokenPath(), authorization);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Unauthorized");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Check1_AcceptsLowercaseSchemeAndExtraSpaces()
    {
        var pair = $"{_tenant.Credentials.PublicKey}:{_tenant.Credentials.Secret}";

        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), "bearer " + pair));
        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), "Bearer    " + pair));
    }

    [Test]
    public async Task Check1_ComesBeforeTheAgentCheck()
    {
        await (await _client.PostTokenAsync("/api/v1/agents/not-a-uuid/livekit/token", null)).AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    // ---- 2. Key valid ----------------------------------------------------------------------

    [Test]
    public async Task Check2_InvalidKey_WhenPublicKeyUnknown()
    {
        var response = await _client.PostTokenAsync(_tenant.TokenPath(), $"Bearer pk_unknown123:{_tenant.Credentials.Secret}");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Check2_InvalidKey_WhenSecretWrong()
    {
        var tenant = await _factory.CreateTenantAsync();

        await (await _client.PostTokenAsync(tenant.TokenPath(), $"Bearer {tenant.Credentials.PublicKey}:sk_wrongSecret123"))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        Assert.That(await _factory.LastUsedAtAsync(tenant.ApiKeyId), Is.Null, "a wrong secret does not mark the key as used");
    }

    [Test]
    public async Task Check2_InvalidKey_WhenKeyRevoked()
    {
        var tenant = await _factory.CreateTenantAsync();
        await AssertIssuedAsync(await _client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization));

        await _factory.RevokeKeyAsync(tenant.ApiKeyId);

        await (await _client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
    }

    [Test]
    public async Task Check2_InvalidKey_WhenKeyExpired()
    {
        var tenant = await _factory.CreateTenantAsync(keyExpiresAt: DateTimeOffset.UtcNow.AddSeconds(-1));

        await (await _client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
    }

    [Test]
    public async Task Check2_ComesBeforeTheBodyCheck()
    {
        await (await _client.PostTokenAsync(_tenant.TokenPath(), "Bearer pk_unknown123:sk_x", "{not json"))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
    }

    // ---- 3. Key recorded as used -----------------------------------------------------------

    [Test]
    public async Task Check3_RecordsLastUsedAt_OnSuccess()
    {
        var tenant = await _factory.CreateTenantAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await AssertIssuedAsync(await _client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization));

        Assert.That(await _factory.LastUsedAtAsync(tenant.ApiKeyId), Is.GreaterThanOrEqualTo(before));
    }

    [TestCase("""{"roomName":"bad name"}""", TestName = "Check3_RecordsLastUsedAt_EvenWhenValidationFails")]
    [TestCase("{oops", TestName = "Check3_RecordsLastUsedAt_EvenWhenTheBodyIsMalformed")]
    public async Task Check3_RecordsLastUsedAt_WhateverTheOutcome(string body)
    {
        var tenant = await _factory.CreateTenantAsync();

        var response = await _client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, body);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await _factory.LastUsedAtAsync(tenant.ApiKeyId), Is.Not.Null);
    }

    [Test]
    public async Task Check3_RecordsLastUsedAt_EvenWhenTheAgentIsNotFound()
    {
        var tenant = await _factory.CreateTenantAsync();

        await (await _client.PostTokenAsync(tenant.TokenPath(Guid.NewGuid()), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        Assert.That(await _factory.LastUsedAtAsync(tenant.ApiKeyId), Is.Not.Null);
    }

    // ---- 5. Request body -------------------------------------------------------------------

    [TestCase("application/json")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("Application/JSON; charset=UTF-8")]
    [TestCase("application/json; charset=\"utf-8\"")]
    [TestCase("application/json;charset=\"UTF-8\"")]
    [TestCase("application/json; charset=utf8")]
    public async Task Check5_AcceptsJsonContentTypes(string contentType)
    {
        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{"visitorName":"A"}""", contentType));
    }

    [Test]
    public async Task Check5_TreatsAnEmptyBodyAsEmptyObject_WhateverTheContentType()
    {
        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, "", "application/json"));
        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, "", null));
        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, "", "text/plain"));
        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, " \r\n", "application/json"));
    }

    [Test]
    public async Task Check5_IgnoresUnknownFields()
    {
        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{"visitorName":"A","somethingElse":{"deep":[1,2,3]}}"""));
    }

    [Test]
    public async Task Check5_PayloadTooLarge_WhenBodyOver16KiB()
    {
        var json = $$"""{"visitorName":"A","pad":"{{new string('x', 16 * 1024)}}"}""";

        await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, json)).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Test]
    public async Task Check5_AcceptsABodyOfExactly16KiB()
    {
        var prefix = """{"visitorName":"A","pad":""";
        var json = prefix + "\"" + new string('x', (16 * 1024) - prefix.Length - 3) + "\"}";
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(json), Is.EqualTo(16 * 1024));

        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, json));
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("application/json; charset=latin1")]
    [TestCase("application/json; charset=\"latin1\"")]
    [TestCase("application/json; charset=\"utf-16\"")]
    [TestCase(null)]
    public async Task Check5_UnsupportedMediaType_ForOtherContentTypes(string? contentType)
    {
        await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{"visitorName":"A"}""", contentType))
            .AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [TestCase("{oops", TestName = "Check5_InvalidRequest_WhenJsonMalformed")]
    [TestCase("""{"roomName": 5}""", TestName = "Check5_InvalidRequest_WhenFieldIsANumber")]
    [TestCase("""{"visitorId": ["a"]}""", TestName = "Check5_InvalidRequest_WhenFieldIsAnArray")]
    [TestCase("""{"visitorName": true}""", TestName = "Check5_InvalidRequest_WhenFieldIsABoolean")]
    [TestCase("[]", TestName = "Check5_InvalidRequest_WhenBodyIsAnArray")]
    [TestCase("\"text\"", TestName = "Check5_InvalidRequest_WhenBodyIsAString")]
    [TestCase("null", TestName = "Check5_InvalidRequest_WhenBodyIsNull")]
    [TestCase("""{"visitorName":"a","visitorName":"b"}""", TestName = "Check5_InvalidRequest_WhenAFieldIsDuplicated")]
    public async Task Check5_InvalidRequest(string json)
    {
        await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, json)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Test]
    public async Task Check5_AcceptsExplicitNulls_AsOmitted()
    {
        await AssertIssuedAsync(await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{"roomName":null,"visitorId":null,"visitorName":null}"""));
    }

    [Test]
    public async Task Check5_ComesBeforeTheAgentCheck()
    {
        await (await _client.PostTokenAsync(_tenant.TokenPath(Guid.NewGuid()), _tenant.Authorization, "{oops")).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    // ---- 6. Field rules --------------------------------------------------------------------

    [TestCase("""{"roomName":"bad name"}""", "roomName")]
    [TestCase("""{"roomName":"dot.name"}""", "roomName")]
    [TestCase("""{"visitorId":"has space"}""", "visitorId")]
    [TestCase("""{"visitorId":"hash#tag"}""", "visitorId")]
    [TestCase("""{"visitorId":"nul\u0000"}""", "visitorId")]
    [TestCase("""{"visitorId":"user\u200b-123"}""", "visitorId")]
    [TestCase("""{"visitorId":"\u202euser-123"}""", "visitorId")]
    [TestCase("""{"visitorId":"user\u2024123"}""", "visitorId")]
    [TestCase("""{"visitorName":"bell\u0007"}""", "visitorName")]
    public async Task Check6_ValidationError_NamesTheField(string json, string field)
    {
        var body = await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, json)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { field }));
        Assert.That(body.GetProperty("details").GetProperty(field).GetArrayLength(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Check6_ValidationError_ForAShortRoomNameOf65Characters()
    {
        await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, $$"""{"roomName":"{{new string('a', 65)}}"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Test]
    public async Task Check6_ValidationError_ForAVisitorIdOver256Utf8Bytes()
    {
        await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, $$"""{"visitorId":"{{new string('€', 100)}}"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Test]
    public async Task Check6_ValidationError_ForAnotherOrganizationsFullRoomName()
    {
        var foreign = RoomName.FromShortName(_tenant.AgentId, Guid.NewGuid(), "support").Value;

        var body = await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, $$"""{"roomName":"{{foreign}}"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").TryGetProperty("roomName", out _), Is.True);
    }

    [Test]
    public async Task Check6_ValidationError_ForAnotherAgentsFullRoomName()
    {
        var otherAgent = await _factory.AddAgentAsync(_tenant.OrganizationId);
        var foreign = RoomName.FromShortName(otherAgent, _tenant.OrganizationId, "support").Value;

        await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, $$"""{"roomName":"{{foreign}}"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Test]
    public async Task Check6_ReportsEveryInvalidField()
    {
        var body = await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{"roomName":"a b","visitorId":"a b","visitorName":"a\u0001"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "roomName", "visitorId", "visitorName" }));
    }

    [Test]
    public async Task Check6_ComesBeforeTheAgentCheck()
    {
        await (await _client.PostTokenAsync(_tenant.TokenPath(Guid.NewGuid()), _tenant.Authorization, """{"visitorId":"a b"}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    // ---- 7. Agent --------------------------------------------------------------------------

    [TestCase("not-a-uuid", TestName = "Check7_NotFound_WhenAgentIdIsNotAUuid")]
    [TestCase("550e8400e29b41d4a716446655440000", TestName = "Check7_NotFound_WhenAgentIdIsNotCanonical")]
    [TestCase("00000000-0000-0000-0000-000000000000", TestName = "Check7_NotFound_WhenAgentDoesNotExist")]
    [TestCase("%20550e8400-e29b-41d4-a716-446655440000%20", TestName = "Check7_NotFound_WhenAgentIdHasSurroundingSpaces")]
    public async Task Check7_NotFound(string agentId)
    {
        await (await _client.PostTokenAsync($"/api/v1/agents/{agentId}/livekit/token", _tenant.Authorization))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    [Test]
    public async Task Check7_NotFound_WhenAgentBelongsToAnotherOrganization()
    {
        var other = await _factory.CreateTenantAsync();

        await (await _client.PostTokenAsync(other.TokenPath(), _tenant.Authorization)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    [Test]
    public async Task Check7_NotFound_WhenAgentIsDeleted()
    {
        var deleted = await _factory.AddAgentAsync(_tenant.OrganizationId, deleted: true);

        await (await _client.PostTokenAsync(_tenant.TokenPath(deleted), _tenant.Authorization)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    // ---- Everything else on /api is the contract's JSON too ------------------------------------

    [Test]
    public async Task UnknownApiRoutes_AnswerJsonNotFound()
    {
        await (await _client.GetAsync("/api/v1/nothing-here")).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Test]
    public async Task OtherMethods_AnswerJsonMethodNotAllowed()
    {
        var response = await _client.GetAsync(_tenant.TokenPath());

        await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.That(response.Content.Headers.Allow, Does.Contain("POST"));
    }

    [Test]
    public async Task ErrorsAreNeverCached()
    {
        var response = await _client.PostTokenAsync(_tenant.TokenPath(), null);

        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task ResponsesCarryNoServerBanner()
    {
        var response = await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization);

        Assert.That(response.Headers.Contains("Server"), Is.False);
        Assert.That(response.Headers.Contains("X-Powered-By"), Is.False);
    }
}
