using Agentsgt.Api.Cli;

namespace Agentsgt.Api.IntegrationTests.Cli;

/// <summary>
/// <c>keys create --publishable</c>, <c>keys list</c> and <c>keys revoke</c> for publishable keys,
/// checked against the real token endpoint; every bad input exits 2 with one line.
/// </summary>
public sealed class PublishableKeyCommandTests : ApiFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["RateLimiting:PublishablePerAddressTokenLimit"] = "1000" };

    private async Task<(string OrganizationId, string AgentId)> ProvisionAsync()
    {
        var organizationId = (await Cli.RunAsync("orgs", "create", "Shop Inc", "--json")).AssertSuccess().Json().GetProperty("id").GetString()!;
        var agentId = (await Cli.RunAsync("agents", "create", "--org", organizationId, "Shop bot", "--json")).AssertSuccess().Json().GetProperty("id").GetString()!;
        return (organizationId, agentId);
    }

    private Task<HttpResponseMessage> PostAsync(string agentId, string publicKey, string origin) =>
        Client.SendAsync(PublishableKeyTests.Post($"/api/v1/agents/{agentId}/livekit/token", $"Bearer {publicKey}", origin));

    [Test]
    public async Task CreatesAPublishableKey_WithNormalizedOrigins_ListsIt_UsesIt_ThenRevokesIt()
    {
        var (organizationId, agentId) = await ProvisionAsync();

        var created = (await Cli.RunAsync(
            "keys", "create", "--org", organizationId, "--publishable",
            "--allowed-origin", "https://Shop.Example.test:443", "--allowed-origin", "http://localhost:5173",
            "--agent", agentId, "--name", "shop widget", "--json")).AssertSuccess();
        var key = created.Json();
        var publicKey = key.GetProperty("publicKey").GetString()!;
        Assert.That(publicKey, Does.Match("^pk_[0-9A-Za-z]{24}$"));
        Assert.That(key.GetProperty("kind").GetString(), Is.EqualTo("publishable-key"));
        Assert.That(key.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { "https://shop.example.test", "http://localhost:5173" }));
        Assert.That(key.GetProperty("allowedAgentIds").EnumerateArray().Select(o => o.GetString()), Is.EqualTo(new[] { agentId }));
        Assert.That(created.Output, Does.Not.Contain("sk_").And.Not.Contain("\"secret\""), "nothing secret exists");
        Assert.That(created.Error, Does.Contain("warning: a publishable key is not a secret"));

        var listed = (await Cli.RunAsync("keys", "list", "--org", organizationId, "--json")).AssertSuccess().Json().GetProperty("apiKeys")[0];
        Assert.That(listed.GetProperty("kind").GetString(), Is.EqualTo("publishable-key"));
        Assert.That(listed.GetProperty("status").GetString(), Is.EqualTo("active"));
        Assert.That(listed.GetProperty("pepperId").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(listed.GetProperty("allowedOrigins").GetArrayLength(), Is.EqualTo(2));

        var text = (await Cli.RunAsync("keys", "list", "--org", organizationId)).AssertSuccess().Output;
        Assert.That(text, Does.Contain("KIND").And.Contain("ORIGINS").And.Contain("AGENTS").And.Contain("publishable-key")
            .And.Contain("https://shop.example.test http://localhost:5173").And.Contain(agentId));

        var ok = await PostAsync(agentId, publicKey, "https://shop.example.test");
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK), await ok.Content.ReadAsStringAsync());
        await (await PostAsync(agentId, publicKey, "https://elsewhere.example.test")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");

        var revoked = (await Cli.RunAsync("keys", "revoke", publicKey, "--json")).AssertSuccess().Json();
        Assert.That(revoked.GetProperty("apiKey").GetProperty("status").GetString(), Is.EqualTo("revoked"));
        await (await PostAsync(agentId, publicKey, "https://shop.example.test")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        Assert.That((await Cli.RunAsync("keys", "list", "--org", organizationId, "--json")).AssertSuccess().Json().GetProperty("apiKeys")[0].GetProperty("status").GetString(), Is.EqualTo("revoked"));
    }

    [Test]
    public async Task WithoutAgents_TheKeyWorksForEveryAgentOfItsOrganization_AndListsAgentsAsAll()
    {
        var (organizationId, agentId) = await ProvisionAsync();
        var secondAgent = (await Cli.RunAsync("agents", "create", "--org", organizationId, "Second bot", "--json")).AssertSuccess().Json().GetProperty("id").GetString()!;

        var publicKey = (await Cli.RunAsync("keys", "create", "--org", organizationId, "--publishable", "--allowed-origin", "https://shop.example.test", "--json"))
            .AssertSuccess().Json().GetProperty("publicKey").GetString()!;

        Assert.That((await PostAsync(agentId, publicKey, "https://shop.example.test")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await PostAsync(secondAgent, publicKey, "https://shop.example.test")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await Cli.RunAsync("keys", "list", "--org", organizationId)).AssertSuccess().Output, Does.Contain(" all"));
    }

    [Test]
    public async Task AnExpiredPublishableKey_IsRefused_AndListedAsExpired()
    {
        var (organizationId, agentId) = await ProvisionAsync();
        var publicKey = (await Cli.At(DateTimeOffset.UtcNow.AddDays(-2)).RunAsync(
                "keys", "create", "--org", organizationId, "--publishable", "--allowed-origin", "https://shop.example.test", "--expires-in", "1d", "--json"))
            .AssertSuccess().Json().GetProperty("publicKey").GetString()!;

        await (await PostAsync(agentId, publicKey, "https://shop.example.test")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
        Assert.That((await Cli.RunAsync("keys", "list", "--org", organizationId, "--json")).AssertSuccess().Json().GetProperty("apiKeys")[0].GetProperty("status").GetString(), Is.EqualTo("expired"));
    }

    [TestCase("https://shop.example.test/", TestName = "BadOrigin_TrailingSlash")]
    [TestCase("https://shop.example.test/widget", TestName = "BadOrigin_Path")]
    [TestCase("https://shop.example.test?x=1", TestName = "BadOrigin_Query")]
    [TestCase("https://shop.example.test#top", TestName = "BadOrigin_Fragment")]
    [TestCase("https://user@shop.example.test", TestName = "BadOrigin_UserInfo")]
    [TestCase("https://*.example.test", TestName = "BadOrigin_Wildcard")]
    [TestCase("*", TestName = "BadOrigin_Star")]
    [TestCase("ftp://shop.example.test", TestName = "BadOrigin_OtherScheme")]
    [TestCase("shop.example.test", TestName = "BadOrigin_NoScheme")]
    [TestCase("null", TestName = "BadOrigin_Null")]
    [TestCase("https://", TestName = "BadOrigin_NoHost")]
    [TestCase("https://shop.example.test:99999", TestName = "BadOrigin_PortOutOfRange")]
    public async Task ABadOrigin_ExitsWithBadInput(string origin)
    {
        var (organizationId, _) = await ProvisionAsync();

        var result = await Cli.RunAsync("keys", "create", "--org", organizationId, "--publishable", "--allowed-origin", origin);

        result.AssertFailure(CliExitCodes.BadInput, "must be an exact origin");
        Assert.That((await Cli.RunAsync("keys", "list", "--org", organizationId, "--json")).AssertSuccess().Json().GetProperty("apiKeys").GetArrayLength(), Is.Zero, "nothing was created");
    }

    [Test]
    public async Task PublishableWithoutAnOrigin_ExitsWithBadInput()
    {
        var (organizationId, _) = await ProvisionAsync();

        (await Cli.RunAsync("keys", "create", "--org", organizationId, "--publishable")).AssertFailure(CliExitCodes.BadInput, "--allowed-origin");
    }

    [TestCase("--allowed-origin", "https://shop.example.test")]
    [TestCase("--agent", "0b7d3c5a-9e2f-4c8b-9b1e-0a6f5e2d4c31")]
    public async Task OriginsOrAgents_WithoutPublishable_ExitWithBadInput(string option, string value)
    {
        var (organizationId, _) = await ProvisionAsync();

        (await Cli.RunAsync("keys", "create", "--org", organizationId, option, value)).AssertFailure(CliExitCodes.BadInput, "--publishable");
    }

    [Test]
    public async Task AnAgentOfAnotherOrganization_ExitsWithBadInput()
    {
        var (organizationId, _) = await ProvisionAsync();
        var (_, otherAgent) = await ProvisionAsync();

        (await Cli.RunAsync("keys", "create", "--org", organizationId, "--publishable", "--allowed-origin", "https://shop.example.test", "--agent", otherAgent))
            .AssertFailure(CliExitCodes.BadInput, $"agent {otherAgent} does not exist in organization {organizationId}");
    }

    [Test]
    public async Task AMalformedAgentId_ExitsWithBadInput()
    {
        var (organizationId, _) = await ProvisionAsync();

        (await Cli.RunAsync("keys", "create", "--org", organizationId, "--publishable", "--allowed-origin", "https://shop.example.test", "--agent", "agent-1"))
            .AssertFailure(CliExitCodes.BadInput, "--agent");
    }

    [Test]
    public async Task AnUnknownOrganization_ExitsWithBadInput()
    {
        (await Cli.RunAsync("keys", "create", "--org", Guid.NewGuid().ToString(), "--publishable", "--allowed-origin", "https://shop.example.test"))
            .AssertFailure(CliExitCodes.BadInput, "does not exist");
    }

    [Test]
    public async Task HelpDescribesThePublishableOptions()
    {
        var help = (await Cli.RunAsync("keys", "create", "--help")).AssertSuccess().Output;

        Assert.That(help, Does.Contain("--publishable").And.Contain("--allowed-origin").And.Contain("--agent"));
    }
}
