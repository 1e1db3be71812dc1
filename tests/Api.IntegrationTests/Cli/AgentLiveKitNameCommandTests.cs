namespace Agentsgt.Api.IntegrationTests.Cli;

/// <summary><c>agents set-livekit-name</c>: explicit dispatch switched on and off from the CLI, seen in the next token.</summary>
public sealed class AgentLiveKitNameCommandTests : ApiFixture
{
    private async Task<LiveKitTokenReader> IssueAsync(TestTenant tenant)
    {
        return (await (await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertIssuedAsync(TokenEndpoint.Contract)).Token;
    }

    [Test]
    public async Task SetThenClear_ChangesTheNextTokensDispatch()
    {
        var tenant = await Factory.CreateTenantAsync();

        (await Cli.RunAsync("agents", "set-livekit-name", tenant.AgentId.ToString(), "support-worker")).AssertSuccess();
        var dispatched = await IssueAsync(tenant);
        var listed = (await Cli.RunAsync("agents", "list", "--org", tenant.OrganizationId.ToString(), "--json")).AssertSuccess().Json();
        (await Cli.RunAsync("agents", "set-livekit-name", tenant.AgentId.ToString(), "--clear", "--json")).AssertSuccess();
        var routed = await IssueAsync(tenant);

        Assert.That(dispatched.Payload.GetProperty("roomConfig").GetProperty("agents")[0].GetProperty("agentName").GetString(), Is.EqualTo("support-worker"));
        Assert.That(listed.GetProperty("agents")[0].GetProperty("liveKitAgentName").GetString(), Is.EqualTo("support-worker"));
        Assert.That(routed.Payload.GetProperty("roomConfig").TryGetProperty("agents", out _), Is.False, "no dispatch; the random room's own limits stay");
    }

    [TestCase("has space", TestName = "SetLiveKitName_RefusesAnInvalidName")]
    [TestCase("--clear", TestName = "SetLiveKitName_RefusesANameAndClearTogether")]
    public async Task SetLiveKitName_RefusesBadInput(string extra)
    {
        var tenant = await Factory.CreateTenantAsync();
        var args = extra == "--clear"
            ? new[] { "agents", "set-livekit-name", tenant.AgentId.ToString(), "worker", "--clear" }
            : new[] { "agents", "set-livekit-name", tenant.AgentId.ToString(), extra };

        var result = await Cli.RunAsync(args);

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.StartWith("error: "));
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task SetLiveKitName_RefusesNeitherNameNorClear()
    {
        var tenant = await Factory.CreateTenantAsync();

        var result = await Cli.RunAsync("agents", "set-livekit-name", tenant.AgentId.ToString());

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
    }

    [Test]
    public async Task SetLiveKitName_RefusesAnUnknownAgent()
    {
        var result = await Cli.RunAsync("agents", "set-livekit-name", Guid.NewGuid().ToString(), "worker");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.Contain("not found").IgnoreCase);
    }
}
