using Agentsgt.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Api.IntegrationTests.Cli;

/// <summary>
/// The operator's path from nothing to a working key and back, through the management commands,
/// checked against the real token endpoint on the same database and pepper configuration.
/// </summary>
public sealed class KeyLifecycleTests : ApiFixture
{
    private async Task<(string OrganizationId, string AgentId)> ProvisionAsync()
    {
        var organization = (await Cli.RunAsync("orgs", "create", "Acme Inc", "--json")).AssertSuccess().Json();
        var organizationId = organization.GetProperty("id").GetString()!;
        var agent = (await Cli.RunAsync("agents", "create", "--org", organizationId, "Support bot", "--json")).AssertSuccess().Json();
        return (organizationId, agent.GetProperty("id").GetString()!);
    }

    private Task<HttpResponseMessage> PostTokenAsync(string agentId, string apiKey) =>
        Client.PostTokenAsync($"/api/v1/agents/{agentId}/livekit/token", "Bearer " + apiKey);

    private async Task<JsonElement> SingleKeyAsync(string organizationId)
    {
        var list = (await Cli.RunAsync("keys", "list", "--org", organizationId, "--json")).AssertSuccess().Json();
        Assert.That(list.GetProperty("apiKeys").GetArrayLength(), Is.EqualTo(1), list.ToString());
        return list.GetProperty("apiKeys")[0];
    }

    [Test]
    public async Task ProvisionsACustomerFromNothing_UsesTheKey_ThenRevokesIt()
    {
        var (organizationId, agentId) = await ProvisionAsync();

        var created = (await Cli.RunAsync("keys", "create", "--org", organizationId, "--name", "acme production", "--json")).AssertSuccess();
        var key = created.Json();
        var publicKey = key.GetProperty("publicKey").GetString()!;
        var secret = key.GetProperty("secret").GetString()!;
        Assert.That(publicKey, Does.Match("^pk_[0-9A-Za-z]{24}$"));
        Assert.That(secret, Does.Match("^sk_[0-9A-Za-z]{40}$"));
        Assert.That(key.GetProperty("apiKey").GetString(), Is.EqualTo($"{publicKey}:{secret}"));
        Assert.That(key.GetProperty("expiresAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(created.Error, Does.Contain("warning: the secret is shown only this once"));

        var listedBeforeUse = await SingleKeyAsync(organizationId);
        Assert.That(listedBeforeUse.GetProperty("lastUsedAt").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var issued = await PostTokenAsync(agentId, $"{publicKey}:{secret}");
        Assert.That(issued.StatusCode, Is.EqualTo(HttpStatusCode.OK), await issued.Content.ReadAsStringAsync());
        // last_used_at is written behind, within the flush bound; the list shows it once written.
        await Factory.Services.GetRequiredService<LastUsedAtWriter>().FlushAsync();

        var listed = await SingleKeyAsync(organizationId);
        Assert.That(listed.GetProperty("publicKey").GetString(), Is.EqualTo(publicKey));
        Assert.That(listed.GetProperty("name").GetString(), Is.EqualTo("acme production"));
        Assert.That(listed.GetProperty("status").GetString(), Is.EqualTo("active"));
        Assert.That(listed.GetProperty("lastUsedAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        Assert.That(listed.GetProperty("pepperId").GetString(), Is.EqualTo("test"));
        Assert.That(listed.GetProperty("pepperIsCurrent").GetBoolean(), Is.True);

        var revoked = (await Cli.RunAsync("keys", "revoke", publicKey, "--json")).AssertSuccess().Json();
        Assert.That(revoked.GetProperty("alreadyRevoked").GetBoolean(), Is.False);

        await (await PostTokenAsync(agentId, $"{publicKey}:{secret}")).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        var afterRevoke = await SingleKeyAsync(organizationId);
        Assert.That(afterRevoke.GetProperty("status").GetString(), Is.EqualTo("revoked"));
        Assert.That(afterRevoke.GetProperty("revokedAt").ValueKind, Is.EqualTo(JsonValueKind.String));

        var again = (await Cli.RunAsync("keys", "revoke", publicKey, "--json")).AssertSuccess().Json();
        Assert.That(again.GetProperty("alreadyRevoked").GetBoolean(), Is.True);
        Assert.That(again.GetProperty("apiKey").GetProperty("revokedAt").GetDateTimeOffset(), Is.EqualTo(afterRevoke.GetProperty("revokedAt").GetDateTimeOffset()), "the first revocation time is kept");
    }

    [Test]
    public async Task ListsNeverShowTheSecretOrItsHash()
    {
        var (organizationId, _) = await ProvisionAsync();
        var created = (await Cli.RunAsync("keys", "create", "--org", organizationId)).AssertSuccess();
        var secret = System.Text.RegularExpressions.Regex.Match(created.Output, "sk_[0-9A-Za-z]{40}").Value;
        Assert.That(secret, Is.Not.Empty, created.Describe());

        foreach (var args in new[] { new[] { "keys", "list", "--org", organizationId }, ["keys", "list", "--org", organizationId, "--json"], ["keys", "list", "--stale-pepper", "--json"] })
        {
            var listed = (await Cli.RunAsync(args)).AssertSuccess();
            Assert.That(listed.Output + listed.Error, Does.Not.Contain(secret).And.Not.Contain("sk_").And.Not.Contain("ecretHash").And.Not.Contain("\"secret\""), listed.Describe());
        }
    }

    [Test]
    public async Task AnExpiredKey_IsRejectedByTheEndpoint_AndListedAsExpired()
    {
        var (organizationId, agentId) = await ProvisionAsync();

        // Created "two days ago" with a one-day lifetime: it expired yesterday.
        var key = (await Cli.At(DateTimeOffset.UtcNow.AddDays(-2)).RunAsync("keys", "create", "--org", organizationId, "--expires-in", "1d", "--json")).AssertSuccess().Json();
        Assert.That(key.GetProperty("expiresAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow.AddDays(-1)).Within(TimeSpan.FromMinutes(1)));

        await (await PostTokenAsync(agentId, key.GetProperty("apiKey").GetString()!)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
        var listed = await SingleKeyAsync(organizationId);
        Assert.That(listed.GetProperty("status").GetString(), Is.EqualTo("expired"));
        Assert.That(listed.GetProperty("lastUsedAt").ValueKind, Is.EqualTo(JsonValueKind.Null), "a rejected key is not recorded as used");
    }

    [Test]
    public async Task AKeyWithAnExpiryStillAhead_Works()
    {
        var (organizationId, agentId) = await ProvisionAsync();

        var key = (await Cli.RunAsync("keys", "create", "--org", organizationId, "--expires-in", "90d", "--json")).AssertSuccess().Json();

        Assert.That(key.GetProperty("expiresAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow.AddDays(90)).Within(TimeSpan.FromMinutes(1)));
        var response = await PostTokenAsync(agentId, key.GetProperty("apiKey").GetString()!);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task ADeletedAgent_IsNotFoundFromTheNextRequest()
    {
        var (organizationId, agentId) = await ProvisionAsync();
        var apiKey = (await Cli.RunAsync("keys", "create", "--org", organizationId, "--json")).AssertSuccess().Json().GetProperty("apiKey").GetString()!;
        Assert.That((await PostTokenAsync(agentId, apiKey)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var deleted = (await Cli.RunAsync("agents", "delete", agentId, "--json")).AssertSuccess().Json();
        Assert.That(deleted.GetProperty("alreadyDeleted").GetBoolean(), Is.False);

        await (await PostTokenAsync(agentId, apiKey)).AssertErrorAsync(HttpStatusCode.NotFound, "not_found", "Agent not found");
        var agents = (await Cli.RunAsync("agents", "list", "--org", organizationId, "--json")).AssertSuccess().Json().GetProperty("agents");
        Assert.That(agents[0].GetProperty("deletedAt").ValueKind, Is.EqualTo(JsonValueKind.String), "soft delete: the agent is still listed");
        Assert.That((await Cli.RunAsync("agents", "delete", agentId, "--json")).AssertSuccess().Json().GetProperty("alreadyDeleted").GetBoolean(), Is.True);
    }

    [Test]
    public async Task TextOutput_ShowsTheKeyPairOnce_WithTheWarningOnStderr()
    {
        var (organizationId, _) = await ProvisionAsync();

        var created = (await Cli.RunAsync("keys", "create", "--org", organizationId, "--name", "text")).AssertSuccess();

        Assert.That(created.Output, Does.Match("public key: +pk_[0-9A-Za-z]{24}\n"));
        Assert.That(created.Output, Does.Match("secret: +sk_[0-9A-Za-z]{40}\n"));
        Assert.That(created.Output, Does.Contain("Authorization: Bearer pk_"));
        Assert.That(created.Error, Does.StartWith("warning: the secret is shown only this once and cannot be shown again"));
    }
}
