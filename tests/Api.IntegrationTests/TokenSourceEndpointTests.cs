using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// <c>POST /api/v1/agents/{agentId}/livekit/token-source</c>: LiveKit's standardized token endpoint,
/// through the real HTTP pipeline and PostgreSQL. Bodies are what livekit-client's
/// <c>TokenSource.endpoint</c> sends (protobuf JSON with proto field names: snake_case throughout).
/// </summary>
public sealed class TokenSourceEndpointTests : ApiFixture
{
    private const string WorkerName = "agentsgt-support";

    private Guid _dispatchedAgent;

    [OneTimeSetUp]
    public async Task AddDispatchedAgent()
    {
        _dispatchedAgent = await Factory.AddAgentAsync(Tenant.OrganizationId, liveKitAgentName: WorkerName);
    }

    private Task<HttpResponseMessage> PostAsync(string? json = "{}", Guid? agentId = null) =>
        Client.PostTokenAsync(Tenant.TokenSourcePath(agentId), Tenant.Authorization, json);

    private static Task<(JsonElement Body, LiveKitTokenReader Token)> AssertIssuedAsync(HttpResponseMessage response, int ttl = 3600) =>
        response.AssertIssuedAsync(TokenEndpoint.TokenSource, ttl);

    private static JsonElement? RoomConfig(LiveKitTokenReader token) =>
        token.Payload.TryGetProperty("roomConfig", out var config) ? config : null;

    // A room named at random always has a roomConfig (its participant cap); a dispatch is its agents.
    private static JsonElement? Dispatch(LiveKitTokenReader token) =>
        RoomConfig(token) is { } config && config.TryGetProperty("agents", out var agents) ? agents : null;

    // ---- Success -------------------------------------------------------------------------

    [Test]
    public async Task Issues201_WithLiveKitsResponseFields_ForAnEmptyBody()
    {
        var (body, token) = await AssertIssuedAsync(await PostAsync());

        Assert.That(body.GetProperty("participant_name").GetString(), Is.EqualTo("Visitor"));
        Assert.That(token.Claim("sub"), Does.StartWith("visitor-"));
        Assert.That(RoomName.TryParse(body.GetProperty("room_name").GetString(), out var room), Is.True);
        Assert.That(room!.AgentId, Is.EqualTo(Tenant.AgentId));
        Assert.That(room.OrganizationId, Is.EqualTo(Tenant.OrganizationId));
    }

    [Test]
    public async Task AcceptsExactlyWhatLiveKitClientSends_WithEveryOption()
    {
        // Captured from livekit-client 2.23 TokenSource.endpoint(...).fetch({ roomName, participantName,
        // participantIdentity, participantMetadata, participantAttributes, agentName }).
        var json = $$$"""{"room_name":"r1","participant_name":"N","participant_identity":"id","participant_metadata":"m","participant_attributes":{"k":"v"},"room_config":{"agents":[{"agent_name":"{{{WorkerName}}}"}]}}""";

        var (body, token) = await AssertIssuedAsync(await PostAsync(json, _dispatchedAgent));

        Assert.That(body.GetProperty("room_name").GetString(), Is.EqualTo(RoomName.FromShortName(_dispatchedAgent, Tenant.OrganizationId, "r1").Value));
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
        var contract = await (await Client.PostTokenAsync(Tenant.TokenPath(), Tenant.Authorization, """{"roomName":"support-room-001"}""")).JsonAsync();

        Assert.That(body.GetProperty("room_name").GetString(), Is.EqualTo(contract.GetProperty("roomName").GetString()));
    }

    [Test]
    public async Task IgnoresUnknownTopLevelFields()
    {
        var (_, token) = await AssertIssuedAsync(await PostAsync("""{"roomConfig":{"name":"x"},"something":[1]}"""));

        Assert.That(Dispatch(token), Is.Null);
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
        Assert.That(metadata.RootElement.GetProperty("organizationId").GetString(), Is.EqualTo(Tenant.OrganizationId.ToString()));
    }

    [Test]
    public async Task Dispatch_ContractEndpointCarriesItToo()
    {
        var (_, token) = await (await Client.PostTokenAsync(Tenant.TokenPath(_dispatchedAgent), Tenant.Authorization)).AssertIssuedAsync(TokenEndpoint.Contract);

        Assert.That(RoomConfig(token)!.Value.GetProperty("agents")[0].GetProperty("agentName").GetString(), Is.EqualTo(WorkerName));
    }

    [Test]
    public async Task Dispatch_NoRoomConfig_WhenTheAgentHasNoWorkerName()
    {
        var (_, token) = await AssertIssuedAsync(await PostAsync());

        Assert.That(Dispatch(token), Is.Null);
    }

    [TestCase("""{"room_config":null}""")]
    [TestCase("""{"room_config":{}}""")]
    [TestCase("""{"room_config":{"agents":[]}}""")]
    [TestCase("""{"room_config":{"agents":null,"name":null}}""")]
    public async Task Dispatch_AnEmptyRoomConfigMeansNone(string json)
    {
        var (_, token) = await AssertIssuedAsync(await PostAsync(json));

        Assert.That(Dispatch(token), Is.Null);
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
    public async Task Dispatch_RejectsAWorkerName_WhenTheAgentHasNone_SayingHowToSetOne_InPlainJsonText()
    {
        using var response = await PostAsync($$$"""{"room_config":{"agents":[{"agent_name":"{{{WorkerName}}}"}]}}""");
        var raw = await response.Content.ReadAsStringAsync();

        var body = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "validation_error");
        Assert.That(
            body.GetProperty("details").GetProperty("room_config.agents[0].agent_name")[0].GetString(),
            Is.EqualTo("names a worker, but this agent has no LiveKit agent name: an operator sets one with the CLI command agents set-livekit-name <agentId> <name>"));
        Assert.That(raw, Does.Contain("this agent has no LiveKit agent name").And.Contain("<agentId> <name>").And.Not.Contain("\\u00"));
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
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
        Assert.That(metadata.RootElement.GetProperty("organizationId").GetString(), Is.EqualTo(Tenant.OrganizationId.ToString()));
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
        var other = await Factory.CreateTenantAsync();
        var foreign = await Factory.AddAgentAsync(other.OrganizationId, liveKitAgentName: "their-worker");

        await (await PostAsync("""{"room_config":{"agents":[{"agent_name":"their-worker"}]}}""", foreign))
            .AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
    }

    // ---- Check 5 for token-source's own field (the shared rows are in TokenEndpointContractTests) ----

    [TestCase("""{"room_config":"dispatch"}""", TestName = "Check5_InvalidRequest_WhenRoomConfigIsAString")]
    [TestCase("""{"room_config":{"agents":{"agent_name":"x"}}}""", TestName = "Check5_InvalidRequest_WhenAgentsIsNotAnArray")]
    [TestCase("""{"room_config":{"agents":[{"agent_name":7}]}}""", TestName = "Check5_InvalidRequest_WhenAgentNameIsANumber")]
    public async Task Check5_InvalidRequest(string json)
    {
        await (await PostAsync(json)).AssertErrorAsync(HttpStatusCode.BadRequest, "invalid_request");
    }
}
