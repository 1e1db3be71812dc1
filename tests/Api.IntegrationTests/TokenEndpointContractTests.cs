using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// The contract's order of checks (shared/spec/CONTRACT.md), row by row, once for each token
/// endpoint: <c>/livekit/token</c> with the contract's camelCase fields and 200, and
/// <c>/livekit/token-source</c> with LiveKit's snake_case fields and 201. Bodies name fields by
/// placeholder (<c>$room</c>, <c>$visitorId</c>, <c>$visitorName</c>, <c>$metadata</c>,
/// <c>$attributes</c>, <c>$ttl</c>), replaced by the endpoint's wire names. Every issued token is verified.
/// </summary>
[TestFixtureSource(typeof(TokenEndpoint), nameof(TokenEndpoint.Both))]
public sealed class TokenEndpointContractTests(TokenEndpoint endpoint) : ApiFixture
{
    protected override string DatabaseName => "contract_" + endpoint.Name;

    private string Path(Guid? agentId = null) => endpoint.Path(agentId ?? Tenant.AgentId);

    /// <summary>The body with each placeholder replaced by this endpoint's name for the field.</summary>
    private string Json(string template) => template
        .Replace("$room", endpoint.RoomField, StringComparison.Ordinal)
        .Replace("$visitorId", endpoint.VisitorIdField, StringComparison.Ordinal)
        .Replace("$visitorName", endpoint.VisitorNameField, StringComparison.Ordinal)
        .Replace("$metadata", endpoint.MetadataField, StringComparison.Ordinal)
        .Replace("$attributes", endpoint.AttributesField, StringComparison.Ordinal)
        .Replace("$ttl", endpoint.TtlField, StringComparison.Ordinal);

    private Task<HttpResponseMessage> PostAsync(string? template = "{}", Guid? agentId = null, string? contentType = "application/json") =>
        Client.PostTokenAsync(Path(agentId), Tenant.Authorization, template is null ? null : Json(template), contentType);

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
        var response = await Client.PostTokenAsync(Path(), authorization);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Unauthorized");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Check1_AcceptsLowercaseSchemeAndExtraSpaces()
    {
        var pair = $"{Tenant.Credentials.PublicKey}:{Tenant.Credentials.Secret}";

        await (await Client.PostTokenAsync(Path(), "bearer " + pair)).AssertIssuedAsync(endpoint);
        await (await Client.PostTokenAsync(Path(), "Bearer    " + pair)).AssertIssuedAsync(endpoint);
    }

    [Test]
    public async Task Check1_ComesBeforeTheAgentCheck()
    {
        await (await Client.PostTokenAsync(endpoint.Path("not-a-uuid"), null)).AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    // ---- 2. Key valid ----------------------------------------------------------------------

    [Test]
    public async Task Check2_InvalidKey_WhenPublicKeyUnknown()
    {
        var response = await Client.PostTokenAsync(Path(), $"Bearer pk_unknown123:{Tenant.Credentials.Secret}");

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Check2_InvalidKey_WhenSecretWrong()
    {
        var tenant = await Factory.CreateTenantAsync();

        await (await Client.PostTokenAsync(endpoint.Path(tenant.AgentId), $"Bearer {tenant.Credentials.PublicKey}:sk_wrongSecret123"))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        Assert.That(await Factory.LastUsedAtAsync(tenant.ApiKeyId), Is.Null, "a wrong secret does not mark the key as used");
    }

    [Test]
    public async Task Check2_InvalidKey_WhenKeyRevoked()
    {
        var tenant = await Factory.CreateTenantAsync();
        await (await Client.PostTokenAsync(endpoint.Path(tenant.AgentId), tenant.Authorization)).AssertIssuedAsync(endpoint);

        await Factory.RevokeKeyAsync(tenant.ApiKeyId);

        await (await Client.PostTokenAsync(endpoint.Path(tenant.AgentId), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
    }

    [Test]
    public async Task Check2_InvalidKey_WhenKeyExpired()
    {
        var tenant = await Factory.CreateTenantAsync(keyExpiresAt: DateTimeOffset.UtcNow.AddSeconds(-1));

        await (await Client.PostTokenAsync(endpoint.Path(tenant.AgentId), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
    }

    [Test]
    public async Task Check2_ComesBeforeTheBodyCheck()
    {
        await (await Client.PostTokenAsync(Path(), "Bearer pk_unknown123:sk_x", "{not json"))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
    }

    // ---- 3. Key recorded as used -----------------------------------------------------------

    [Test]
    public async Task Check3_RecordsLastUsedAt_OnSuccess()
    {
        var tenant = await Factory.CreateTenantAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await (await Client.PostTokenAsync(endpoint.Path(tenant.AgentId), tenant.Authorization)).AssertIssuedAsync(endpoint);

        Assert.That(await Factory.LastUsedAtAsync(tenant.ApiKeyId), Is.GreaterThanOrEqualTo(before));
    }

    [TestCase("""{"$room":"bad name"}""", TestName = "Check3_RecordsLastUsedAt_EvenWhenValidationFails")]
    [TestCase("{oops", TestName = "Check3_RecordsLastUsedAt_EvenWhenTheBodyIsMalformed")]
    public async Task Check3_RecordsLastUsedAt_WhateverTheOutcome(string body)
    {
        var tenant = await Factory.CreateTenantAsync();

        var response = await Client.PostTokenAsync(endpoint.Path(tenant.AgentId), tenant.Authorization, Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await Factory.LastUsedAtAsync(tenant.ApiKeyId), Is.Not.Null);
    }

    [Test]
    public async Task Check3_RecordsLastUsedAt_EvenWhenTheAgentIsNotFound()
    {
        var tenant = await Factory.CreateTenantAsync();

        await (await Client.PostTokenAsync(endpoint.Path(Guid.NewGuid()), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found");

        Assert.That(await Factory.LastUsedAtAsync(tenant.ApiKeyId), Is.Not.Null);
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
        await (await PostAsync("""{"$visitorName":"A"}""", contentType: contentType)).AssertIssuedAsync(endpoint);
    }

    [Test]
    public async Task Check5_TreatsAnEmptyBodyAsEmptyObject_WhateverTheContentType()
    {
        await (await PostAsync("", contentType: "application/json")).AssertIssuedAsync(endpoint);
        await (await PostAsync("", contentType: null)).AssertIssuedAsync(endpoint);
        await (await PostAsync("", contentType: "text/plain")).AssertIssuedAsync(endpoint);
        await (await PostAsync(" \r\n", contentType: "application/json")).AssertIssuedAsync(endpoint);
    }

    [Test]
    public async Task Check5_TreatsNoBodyAsEmptyObject()
    {
        var (body, token) = await (await PostAsync(null)).AssertIssuedAsync(endpoint);

        Assert.That(token.Claim("name"), Is.EqualTo("Visitor"));
        Assert.That(token.Identity(), Does.StartWith("visitor-"));
        Assert.That(RoomName.TryParse(body.Room(endpoint), out var room), Is.True);
        Assert.That(room!.AgentId, Is.EqualTo(Tenant.AgentId));
        Assert.That(room.OrganizationId, Is.EqualTo(Tenant.OrganizationId));
    }

    [Test]
    public async Task Check5_IgnoresUnknownFields()
    {
        await (await PostAsync("""{"$visitorName":"A","somethingElse":{"deep":[1,2,3]}}""")).AssertIssuedAsync(endpoint);
    }

    [TestCase("pad", TestName = "Check5_PayloadTooLarge_WhenBodyOver16KiB")]
    [TestCase("$metadata", TestName = "Check5_PayloadTooLarge_WhenAKnownFieldIsOver16KiB")]
    public async Task Check5_PayloadTooLarge(string field)
    {
        var json = $$"""{"$visitorName":"A","{{field}}":"{{new string('x', 16 * 1024)}}"}""";

        await (await PostAsync(json)).AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Test]
    public async Task Check5_AcceptsABodyOfExactly16KiB()
    {
        var prefix = Json("""{"$visitorName":"A","pad":""");
        var json = prefix + "\"" + new string('x', (16 * 1024) - prefix.Length - 3) + "\"}";
        Assert.That(System.Text.Encoding.UTF8.GetByteCount(json), Is.EqualTo(16 * 1024));

        await (await PostAsync(json)).AssertIssuedAsync(endpoint);
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("application/json; charset=latin1")]
    [TestCase("application/json; charset=\"latin1\"")]
    [TestCase("application/json; charset=\"utf-16\"")]
    [TestCase(null)]
    public async Task Check5_UnsupportedMediaType_ForOtherContentTypes(string? contentType)
    {
        await (await PostAsync("""{"$visitorName":"A"}""", contentType: contentType)).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Test]
    public async Task Check5_UnsupportedMediaType_ForAFormBody()
    {
        await (await PostAsync("$room=x", contentType: "application/x-www-form-urlencoded")).AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [TestCase("{oops", TestName = "Check5_InvalidRequest_WhenJsonMalformed")]
    [TestCase("""{"$room": 5}""", TestName = "Check5_InvalidRequest_WhenFieldIsANumber")]
    [TestCase("""{"$visitorId": ["a"]}""", TestName = "Check5_InvalidRequest_WhenFieldIsAnArray")]
    [TestCase("""{"$visitorName": true}""", TestName = "Check5_InvalidRequest_WhenFieldIsABoolean")]
    [TestCase("[]", TestName = "Check5_InvalidRequest_WhenBodyIsAnArray")]
    [TestCase("\"text\"", TestName = "Check5_InvalidRequest_WhenBodyIsAString")]
    [TestCase("null", TestName = "Check5_InvalidRequest_WhenBodyIsNull")]
    [TestCase("""{"$visitorName":"a","$visitorName":"b"}""", TestName = "Check5_InvalidRequest_WhenAFieldIsDuplicated")]
    [TestCase("""{"$ttl":"600"}""", TestName = "Check5_InvalidRequest_WhenTtlIsAString")]
    [TestCase("""{"$ttl":1.5}""", TestName = "Check5_InvalidRequest_WhenTtlIsNotAnInteger")]
    [TestCase("""{"$attributes":["a"]}""", TestName = "Check5_InvalidRequest_WhenAttributesIsAnArray")]
    public async Task Check5_InvalidRequest(string json)
    {
        await (await PostAsync(json)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Test]
    public async Task Check5_AcceptsExplicitNulls_AsOmitted()
    {
        await (await PostAsync("""{"$room":null,"$visitorId":null,"$visitorName":null}""")).AssertIssuedAsync(endpoint);
    }

    [Test]
    public async Task Check5_ComesBeforeTheAgentCheck()
    {
        await (await PostAsync("{oops", Guid.NewGuid())).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    // ---- 6. Field rules, under the endpoint's wire names ------------------------------------

    [TestCase("""{"$room":"bad name"}""", "$room")]
    [TestCase("""{"$room":"dot.name"}""", "$room")]
    [TestCase("""{"$visitorId":"has space"}""", "$visitorId")]
    [TestCase("""{"$visitorId":"hash#tag"}""", "$visitorId")]
    [TestCase("""{"$visitorId":"nul\u0000"}""", "$visitorId")]
    [TestCase("""{"$visitorId":"user\u200b-123"}""", "$visitorId")]
    [TestCase("""{"$visitorId":"\u202euser-123"}""", "$visitorId")]
    [TestCase("""{"$visitorId":"user\u2024123"}""", "$visitorId")]
    [TestCase("""{"$visitorName":"bell\u0007"}""", "$visitorName")]
    public async Task Check6_ValidationError_NamesTheField(string json, string field)
    {
        var body = await (await PostAsync(json)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { Json(field) }));
        Assert.That(body.GetProperty("details").GetProperty(Json(field)).GetArrayLength(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Check6_ValidationError_ForAShortRoomNameOf65Characters()
    {
        await (await PostAsync($$"""{"$room":"{{new string('a', 65)}}"}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Test]
    public async Task Check6_ValidationError_ForAVisitorIdOver256Utf8Bytes()
    {
        await (await PostAsync($$"""{"$visitorId":"{{new string('€', 100)}}"}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Test]
    public async Task Check6_ValidationError_ForAnotherOrganizationsFullRoomName()
    {
        var foreign = RoomName.FromShortName(Tenant.AgentId, Guid.NewGuid(), "support").Value;

        var body = await (await PostAsync($$"""{"$room":"{{foreign}}"}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").TryGetProperty(endpoint.RoomField, out _), Is.True);
    }

    [Test]
    public async Task Check6_ValidationError_ForAnotherAgentsFullRoomName()
    {
        var otherAgent = await Factory.AddAgentAsync(Tenant.OrganizationId);
        var foreign = RoomName.FromShortName(otherAgent, Tenant.OrganizationId, "support").Value;

        await (await PostAsync($$"""{"$room":"{{foreign}}"}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Test]
    public async Task Check6_ReportsEveryInvalidField()
    {
        var body = await (await PostAsync("""{"$room":"a b","$visitorId":"a b","$visitorName":"a\u0001","$ttl":30}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name),
            Is.EquivalentTo(new[] { endpoint.RoomField, endpoint.VisitorIdField, endpoint.VisitorNameField, endpoint.TtlField }));
    }

    [Test]
    public async Task Check6_ComesBeforeTheAgentCheck()
    {
        await (await PostAsync("""{"$visitorId":"a b"}""", Guid.NewGuid())).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    // ---- 7. Agent --------------------------------------------------------------------------

    [TestCase("not-a-uuid", TestName = "Check7_NotFound_WhenAgentIdIsNotAUuid")]
    [TestCase("550e8400e29b41d4a716446655440000", TestName = "Check7_NotFound_WhenAgentIdIsNotCanonical")]
    [TestCase("00000000-0000-0000-0000-000000000000", TestName = "Check7_NotFound_WhenAgentDoesNotExist")]
    [TestCase("%20550e8400-e29b-41d4-a716-446655440000%20", TestName = "Check7_NotFound_WhenAgentIdHasSurroundingSpaces")]
    public async Task Check7_NotFound(string agentId)
    {
        await (await Client.PostTokenAsync(endpoint.Path(agentId), Tenant.Authorization)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    [Test]
    public async Task Check7_NotFound_WhenAgentBelongsToAnotherOrganization()
    {
        var other = await Factory.CreateTenantAsync();

        await (await PostAsync(agentId: other.AgentId)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    [TestCase(null, TestName = "Check7_NotFound_WhenAgentIsDeleted")]
    [TestCase("agentsgt-support", TestName = "Check7_NotFound_WhenAgentIsDeleted_EvenWithAWorkerName")]
    public async Task Check7_NotFound_WhenAgentIsDeleted(string? liveKitAgentName)
    {
        var deleted = await Factory.AddAgentAsync(Tenant.OrganizationId, deleted: true, liveKitAgentName: liveKitAgentName);

        await (await PostAsync(agentId: deleted)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    // ---- Success and the rest of /api --------------------------------------------------------

    [Test]
    public async Task RejoinsTheRoom_WhenGivenAFullRoomNameItIssued()
    {
        var issued = (await (await PostAsync()).AssertIssuedAsync(endpoint)).Body.Room(endpoint);

        var (body, _) = await (await PostAsync($$"""{"$room":"{{issued}}"}""")).AssertIssuedAsync(endpoint);

        Assert.That(body.Room(endpoint), Is.EqualTo(issued));
    }

    [Test]
    public async Task AcceptsAnUppercaseAgentUuid()
    {
        await (await Client.PostTokenAsync(endpoint.Path(Tenant.AgentId.ToString().ToUpperInvariant()), Tenant.Authorization)).AssertIssuedAsync(endpoint);
    }

    [Test]
    public async Task OtherMethods_AnswerJsonMethodNotAllowed()
    {
        var response = await Client.GetAsync(Path());

        await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.That(response.Content.Headers.Allow, Does.Contain("POST"));
    }

    [Test]
    public async Task ErrorsAreNeverCached()
    {
        var response = await Client.PostTokenAsync(Path(), null);

        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
    }

    [Test]
    public async Task ResponsesCarryNoServerBanner()
    {
        var response = await PostAsync();

        Assert.That(response.Headers.Contains("Server"), Is.False);
        Assert.That(response.Headers.Contains("X-Powered-By"), Is.False);
    }
}
