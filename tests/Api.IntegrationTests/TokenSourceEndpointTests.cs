using System.Net;
using System.Text.Json;
using Agentsgt.Api.IntegrationTests.Support;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Tests.Support;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// <c>POST /api/v1/agents/{agentId}/livekit/token-source</c>: LiveKit's standardized token endpoint,
/// through the real HTTP pipeline and PostgreSQL. Bodies are what livekit-client's
/// <c>TokenSource.endpoint</c> sends (protobuf JSON with proto field names: snake_case throughout).
/// </summary>
public sealed class TokenSourceEndpointTests
{
    private const string WorkerName = "agentsgt-support";

    private ApiFactory _factory = null!;
    private HttpClient _client = null!;
    private TestTenant _tenant = null!;
    private Guid _dispatchedAgent;

    [OneTimeSetUp]
    public async Task StartApi()
    {
        _factory = await ApiFactory.CreateAsync("tokensource");
        _client = _factory.CreateClient();
        _tenant = await _factory.CreateTenantAsync();
        _dispatchedAgent = await _factory.AddAgentAsync(_tenant.OrganizationId, liveKitAgentName: WorkerName);
    }

    [OneTimeTearDown]
    public async Task StopApi()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string? json = "{}", Guid? agentId = null) =>
        _client.PostTokenAsync(_tenant.TokenSourcePath(agentId), _tenant.Authorization, json);

    private static async Task<(JsonElement Body, LiveKitTokenReader Token)> AssertIssuedAsync(HttpResponseMessage response, int ttl = 3600)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), text);
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        Assert.That(response.Headers.Location, Is.Null);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        var body = await response.JsonAsync();
        Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "server_url", "participant_token", "room_name", "participant_name" }));
        Assert.That(body.GetProperty("server_url").GetString(), Is.EqualTo(ApiFactory.LiveKitUrl));

        var token = LiveKitTokenReader.Verify(body.GetProperty("participant_token").GetString()!, ApiFactory.LiveKitApiSecret);
        Assert.That(token.Claim("iss"), Is.EqualTo(ApiFactory.LiveKitApiKey));
        Assert.That(token.Expires - token.NotBefore, Is.EqualTo(ttl));
        Assert.That(token.VideoGrantNames(), Is.EquivalentTo(new[] { "room", "roomJoin", "canPublish", "canSubscribe", "canPublishData" }));
        Assert.That(token.Video.EnumerateObject().Where(p => p.Name != "room").All(p => p.Value.GetBoolean()), Is.True);
        Assert.That(token.Video.GetProperty("room").GetString(), Is.EqualTo(body.GetProperty("room_name").GetString()));
        Assert.That(token.Claim("name"), Is.EqualTo(body.GetProperty("participant_name").GetString()));
        return (body, token);
    }

    private static JsonElement? RoomConfig(LiveKitTokenReader token) =>
        token.Payload.TryGetProperty("roomConfig", out var config) ? config : null;

    // ---- Success -------------------------------------------------------------------------

    [Test]
    public async Task Issues201_WithLiveKitsResponseFields_ForAnEmptyBody()
    {
        var (body, token) = await AssertIssuedAsync(await PostAsync());

        Assert.That(body.GetProperty("participant_name").GetString(), Is.EqualTo("Visitor"));
        Assert.That(token.Claim("sub"), Does.StartWith("visitor-"));
        Assert.That(RoomName.TryParse(body.GetProperty("room_name").GetString(), out var room), Is.True);
        Assert.That(room!.AgentId, Is.EqualTo(_tenant.AgentId));
        Assert.That(room.OrganizationId, Is.EqualTo(_tenant.OrganizationId));
    }

    [Test]
    public async Task Issues201_ForNoBodyAtAll()
    {
        await AssertIssuedAsync(await PostAsync(json: null));
    }

    [Test]
    public async Task AcceptsExactlyWhatLiveKitClientSends_WithEveryOption()
    {
        // Captured from livekit-client 2.23 TokenSource.endpoint(...).fetch({ roomName, participantName,
        // participantIdentity, participantMetadata, participantAttributes, agentName }).
        var json = $$$"""{"room_name":"r1","participant_name":"N","participant_identity":"id","participant_metadata":"m","participant_attributes":{"k":"v"},"room_config":{"agents":[{"agent_name":"{{{WorkerName}}}"}]}}""";

        var (body, token) = await AssertIssuedAsync(await PostAsync(json, _dispatchedAgent));

        Assert.That(body.GetProperty("room_name").GetString(), Is.EqualTo(RoomName.FromShortName(_dispatchedAgent, _tenant.OrganizationId, "r1").Value));
        Assert.That(body.GetProperty("participant_name").GetString(), Is.EqualTo("N"));
        Assert.That(token.Claim("sub"), Is.EqualTo("id"));
        Assert.That(token.Claim("metadata"), Is.EqualTo("m"));
        Assert.That(token.Payload.GetProperty("attributes").GetProperty("k").GetString(), Is.EqualTo("v"));
        Assert.That(RoomConfig(token)!.Value.GetProperty("agents")[0].GetProperty("agentName").GetString(), Is.EqualTo(WorkerName));
    }

    [Test]
    public async Task UsesTheSameRoomAsTheContractEndpoint_ForTheSameShortName()
    {
        var (body, _) = await AssertIssuedAsync(await PostAsync("""{"room_name":"support-room-001"}"""));
        var contract = await (await _client.PostTokenAsync(_tenant.TokenPath(), _tenant.Authorization, """{"roomName":"support-room-001"}""")).JsonAsync();

        Assert.That(body.GetProperty("room_name").GetString(), Is.EqualTo(contract.GetProperty("roomName").GetString()));
    }

    [Test]
    public async Task RejoinsAFullRoomNameItIssued()
    {
        var issued = (await AssertIssuedAsync(await PostAsync())).Body.GetProperty("room_name").GetString();

        var (body, _) = await AssertIssuedAsync(await PostAsync($$"""{"room_name":"{{issued}}"}"""));

        Assert.That(body.GetProperty("room_name").GetString(), Is.EqualTo(issued));
    }

    [Test]
    public async Task HonoursTtlSeconds()
    {
        await AssertIssuedAsync(await PostAsync("""{"ttl_seconds":600}"""), ttl: 600);
    }

    [Test]
    public async Task IgnoresUnknownTopLevelFields()
    {
        var (_, token) = await AssertIssuedAsync(await PostAsync("""{"roomConfig":{"name":"x"},"something":[1]}"""));

        Assert.That(RoomConfig(token), Is.Null);
    }

    // ---- Explicit agent dispatch ------------------------------------------------------------

    [Test]
    public async Task Dispatch_TokenCarriesTheAgentsWorker_WhenTheClientAsksForNothing()
    {
        var (_, token) = await AssertIssuedAsync(await PostAsync(agentId: _dispatchedAgent));

        var dispatch = RoomConfig(token)!.Value.GetProperty("agents").EnumerateArray().Single();
        Assert.That(dispatch.GetProperty("agentName").GetString(), Is.EqualTo(WorkerName));
        using var metadata = JsonDocument.Parse(dispatch.GetProperty("metadata").GetString()!);
        Assert.That(metadata.RootElement.GetProperty("agentId").GetString(), Is.EqualTo(_dispatchedAgent.ToString()));
        Assert.That(metadata.RootElement.GetProperty("organizationId").GetString(), Is.EqualTo(_tenant.OrganizationId.ToString()));
    }

    [Test]
    public async Task Dispatch_ContractEndpointCarriesItToo()
    {
        var body = await (await _client.PostTokenAsync(_tenant.TokenPath(_dispatchedAgent), _tenant.Authorization)).JsonAsync();
        var token = LiveKitTokenReader.Verify(body.GetProperty("token").GetString()!, ApiFactory.LiveKitApiSecret);

        Assert.That(RoomConfig(token)!.Value.GetProperty("agents")[0].GetProperty("agentName").GetString(), Is.EqualTo(WorkerName));
    }

    [Test]
    public async Task Dispatch_NoRoomConfig_WhenTheAgentHasNoWorkerName()
    {
        var (_, token) = await AssertIssuedAsync(await PostAsync());

        Assert.That(RoomConfig(token), Is.Null);
    }

    [TestCase("""{"room_config":null}""")]
    [TestCase("""{"room_config":{}}""")]
    [TestCase("""{"room_config":{"agents":[]}}""")]
    [TestCase("""{"room_config":{"agents":null,"name":null}}""")]
    public async Task Dispatch_AnEmptyRoomConfigMeansNone(string json)
    {
        var (_, token) = await AssertIssuedAsync(await PostAsync(json));

        Assert.That(RoomConfig(token), Is.Null);
    }

    [TestCase("""{"room_config":{"agents":[{"agent_name":"other-agent"}]}}""", TestName = "Dispatch_Rejects_AnotherWorkerName")]
    [TestCase("""{"room_config":{"agents":[{"agent_name":"AGENTSGT-SUPPORT"}]}}""", TestName = "Dispatch_Rejects_TheWorkerNameInAnotherCase")]
    [TestCase("""{"room_config":{"agents":[{}]}}""", TestName = "Dispatch_Rejects_ADispatchWithoutAName")]
    public async Task Dispatch_RejectsAnotherAgent(string json)
    {
        var body = await (await PostAsync(json, _dispatchedAgent)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error", "One or more fields are invalid");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "room_config.agents[0].agent_name" }));
    }

    [Test]
    public async Task Dispatch_RejectsAWorkerName_WhenTheAgentHasNone()
    {
        var body = await (await PostAsync($$$"""{"room_config":{"agents":[{"agent_name":"{{{WorkerName}}}"}]}}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").TryGetProperty("room_config.agents[0].agent_name", out _), Is.True);
    }

    [TestCase("""{"room_config":{"name":"other-room"}}""", "room_config.name")]
    [TestCase("""{"room_config":{"max_participants":2}}""", "room_config.max_participants")]
    [TestCase("""{"room_config":{"egress":{"room":{}}}}""", "room_config.egress")]
    [TestCase("""{"room_config":{"agents":[{"agent_name":"agentsgt-support","deployment":"staging"}]}}""", "room_config.agents[0].deployment")]
    [TestCase("""{"room_config":{"agents":[{"agentName":"agentsgt-support"}]}}""", "room_config.agents[0].agentName")]
    [TestCase("""{"room_config":{"agents":[{"agent_name":"agentsgt-support"},{"agent_name":"agentsgt-support"}]}}""", "room_config.agents")]
    public async Task Dispatch_RejectsEveryOtherRoomConfigField_NamingIt(string json, string field)
    {
        var body = await (await PostAsync(json, _dispatchedAgent)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { field }));
    }

    // livekit-client's TokenSource.endpoint(url).fetch({ agentName, agentMetadata }) (issue 12, item 9).
    [Test]
    public async Task Dispatch_CarriesTheClientsAgentMetadata_BesideTheServicesIds()
    {
        var json = $$$"""{"room_config":{"agents":[{"agent_name":"{{{WorkerName}}}","metadata":"{\"topic\":\"billing\",\"agentId\":\"spoofed\"}"}]}}""";

        var (_, token) = await AssertIssuedAsync(await PostAsync(json, _dispatchedAgent));

        var dispatch = RoomConfig(token)!.Value.GetProperty("agents").EnumerateArray().Single();
        Assert.That(dispatch.GetProperty("agentName").GetString(), Is.EqualTo(WorkerName));
        using var metadata = JsonDocument.Parse(dispatch.GetProperty("metadata").GetString()!);
        Assert.That(metadata.RootElement.GetProperty("agentId").GetString(), Is.EqualTo(_dispatchedAgent.ToString()), "the service's ids cannot be overridden");
        Assert.That(metadata.RootElement.GetProperty("organizationId").GetString(), Is.EqualTo(_tenant.OrganizationId.ToString()));
        Assert.That(metadata.RootElement.GetProperty("clientMetadata").GetString(), Is.EqualTo("""{"topic":"billing","agentId":"spoofed"}"""));
    }

    [Test]
    public async Task Dispatch_AgentMetadataOver4KiB_IsAValidationErrorNamingIt()
    {
        var json = $$$"""{"room_config":{"agents":[{"agent_name":"{{{WorkerName}}}","metadata":"{{{new string('m', 4097)}}}"}]}}""";

        var body = await (await PostAsync(json, _dispatchedAgent)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "room_config.agents[0].metadata" }));
    }

    [Test]
    public async Task Dispatch_AgentMetadataWithoutAnAgentName_IsRefusedUnderTheName()
    {
        var body = await (await PostAsync("""{"room_config":{"agents":[{"metadata":"{}"}]}}""", _dispatchedAgent)).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "room_config.agents[0].agent_name" }));
    }

    [Test]
    public async Task Dispatch_RoomConfigIsCheckedBeforeTheAgent()
    {
        await (await PostAsync("""{"room_config":{"name":"x"}}""", Guid.NewGuid())).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [Test]
    public async Task Dispatch_AnotherOrganizationsAgentIsNotFound_EvenWhenAskingForItsWorker()
    {
        var other = await _factory.CreateTenantAsync();
        var foreign = await _factory.AddAgentAsync(other.OrganizationId, liveKitAgentName: "their-worker");

        await (await PostAsync("""{"room_config":{"agents":[{"agent_name":"their-worker"}]}}""", foreign))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    // ---- The contract's checks, on this endpoint ----------------------------------------------

    [Test]
    public async Task Check1_Unauthorized_WithoutCredentials()
    {
        var response = await _client.PostTokenAsync(_tenant.TokenSourcePath(), null);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized, "unauthorized", "Unauthorized");
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Is.EqualTo("Bearer"));
    }

    [Test]
    public async Task Check2_InvalidKey_WhenTheSecretIsWrong()
    {
        await (await _client.PostTokenAsync(_tenant.TokenSourcePath(), $"Bearer {_tenant.Credentials.PublicKey}:sk_wrongSecret123"))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
    }

    [Test]
    public async Task Check3_RecordsLastUsedAt()
    {
        var tenant = await _factory.CreateTenantAsync();

        await AssertIssuedAsync(await _client.PostTokenAsync(tenant.TokenSourcePath(), tenant.Authorization));

        Assert.That(await _factory.LastUsedAtAsync(tenant.ApiKeyId), Is.Not.Null);
    }

    [Test]
    public async Task Check5_UnsupportedMediaType_ForAFormBody()
    {
        await (await _client.PostTokenAsync(_tenant.TokenSourcePath(), _tenant.Authorization, "room_name=x", "application/x-www-form-urlencoded"))
            .AssertErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Test]
    public async Task Check5_PayloadTooLarge_Over16KiB()
    {
        await (await PostAsync($$"""{"participant_metadata":"{{new string('x', 16 * 1024)}}"}"""))
            .AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [TestCase("{oops", TestName = "Check5_InvalidRequest_WhenJsonMalformed_OnTokenSource")]
    [TestCase("""{"room_name":5}""", TestName = "Check5_InvalidRequest_WhenRoomNameIsANumber")]
    [TestCase("""{"room_config":"dispatch"}""", TestName = "Check5_InvalidRequest_WhenRoomConfigIsAString")]
    [TestCase("""{"room_config":{"agents":{"agent_name":"x"}}}""", TestName = "Check5_InvalidRequest_WhenAgentsIsNotAnArray")]
    [TestCase("""{"room_config":{"agents":[{"agent_name":7}]}}""", TestName = "Check5_InvalidRequest_WhenAgentNameIsANumber")]
    [TestCase("""{"ttl_seconds":"600"}""", TestName = "Check5_InvalidRequest_WhenTtlIsAString")]
    [TestCase("""{"ttl_seconds":1.5}""", TestName = "Check5_InvalidRequest_WhenTtlIsNotAnInteger")]
    [TestCase("""{"participant_attributes":["a"]}""", TestName = "Check5_InvalidRequest_WhenAttributesIsAnArray")]
    public async Task Check5_InvalidRequest(string json)
    {
        await (await PostAsync(json)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Test]
    public async Task Check6_ReportsEveryInvalidFieldUnderItsSnakeCaseName()
    {
        var body = await (await PostAsync("""{"room_name":"a b","participant_identity":"a b","participant_name":"a\u0001","ttl_seconds":30}"""))
            .AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").EnumerateObject().Select(p => p.Name),
            Is.EquivalentTo(new[] { "room_name", "participant_identity", "participant_name", "ttl_seconds" }));
    }

    [Test]
    public async Task Check6_RejectsAnotherOrganizationsFullRoomName()
    {
        var foreign = RoomName.FromShortName(_tenant.AgentId, Guid.NewGuid(), "support").Value;

        var body = await (await PostAsync($$"""{"room_name":"{{foreign}}"}""")).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");

        Assert.That(body.GetProperty("details").TryGetProperty("room_name", out _), Is.True);
    }

    [Test]
    public async Task Check6_ComesBeforeTheAgentCheck()
    {
        await (await PostAsync("""{"participant_identity":"a b"}""", Guid.NewGuid())).AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
    }

    [TestCase("not-a-uuid")]
    [TestCase("00000000-0000-0000-0000-000000000000")]
    public async Task Check7_NotFound(string agentId)
    {
        await (await _client.PostTokenAsync($"/api/v1/agents/{agentId}/livekit/token-source", _tenant.Authorization))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    [Test]
    public async Task Check7_NotFound_WhenTheAgentIsDeleted()
    {
        var deleted = await _factory.AddAgentAsync(_tenant.OrganizationId, deleted: true, liveKitAgentName: WorkerName);

        await (await PostAsync(agentId: deleted)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    [Test]
    public async Task OtherMethods_AnswerJsonMethodNotAllowed()
    {
        var response = await _client.GetAsync(_tenant.TokenSourcePath());

        await response.AssertErrorAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.That(response.Content.Headers.Allow, Does.Contain("POST"));
    }
}
