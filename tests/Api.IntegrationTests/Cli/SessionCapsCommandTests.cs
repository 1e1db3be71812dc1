using Agentsgt.Api.Cli;

namespace Agentsgt.Api.IntegrationTests.Cli;

/// <summary>
/// An operator caps an organization and a key, sees the caps each key gets (and where they come
/// from), and reads sessions and usage, with and without <c>--json</c>.
/// </summary>
public sealed class SessionCapsCommandTests : ApiFixture
{
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private async Task<JsonElement> CapsOfAsync(TestTenant tenant)
    {
        var list = (await Cli.RunAsync("keys", "list", "--org", tenant.OrganizationId.ToString(), "--json")).AssertSuccess().Json();
        return list.GetProperty("apiKeys").EnumerateArray().Single(k => k.GetProperty("publicKey").GetString() == tenant.Credentials.PublicKey).GetProperty("sessionCaps");
    }

    private static void AssertCaps(JsonElement caps, int? key, int? organization, string organizationFrom, int seconds, string secondsFrom)
    {
        Assert.That(caps.GetProperty("maxConcurrentSessions").ValueKind == JsonValueKind.Null ? null : (int?)caps.GetProperty("maxConcurrentSessions").GetInt32(), Is.EqualTo(key), caps.ToString());
        Assert.That(caps.GetProperty("organizationMaxConcurrentSessions").ValueKind == JsonValueKind.Null ? null : (int?)caps.GetProperty("organizationMaxConcurrentSessions").GetInt32(), Is.EqualTo(organization), caps.ToString());
        Assert.That(caps.GetProperty("organizationMaxConcurrentSessionsFrom").GetString(), Is.EqualTo(organizationFrom), caps.ToString());
        Assert.That(caps.GetProperty("maxSessionSeconds").GetInt32(), Is.EqualTo(seconds), caps.ToString());
        Assert.That(caps.GetProperty("maxSessionSecondsFrom").GetString(), Is.EqualTo(secondsFrom), caps.ToString());
    }

    [Test]
    public async Task KeysList_ShowsTheConfiguredDefaults_ThenTheOrganizations_ThenTheKeysOwn()
    {
        var tenant = await Factory.CreateTenantAsync();
        var org = tenant.OrganizationId.ToString();
        AssertCaps(await CapsOfAsync(tenant), null, null, "configuration", 3600, "configuration");

        var orgLimits = (await Cli.RunAsync("orgs", "set-limits", org, "--max-concurrent-sessions", "20", "--max-session-seconds", "600", "--json")).AssertSuccess().Json();
        Assert.That(orgLimits.GetProperty("id").GetString(), Is.EqualTo(org));
        Assert.That(orgLimits.GetProperty("maxConcurrentSessions").GetInt32(), Is.EqualTo(20));
        Assert.That(orgLimits.GetProperty("maxConcurrentSessionsFrom").GetString(), Is.EqualTo("organization"));
        Assert.That(orgLimits.GetProperty("maxSessionSeconds").GetInt32(), Is.EqualTo(600));
        AssertCaps(await CapsOfAsync(tenant), null, 20, "organization", 600, "organization");

        var key = (await Cli.RunAsync("keys", "set-limits", tenant.Credentials.PublicKey, "--max-concurrent-sessions", "5", "--max-session-seconds", "2", "--json")).AssertSuccess().Json();
        AssertCaps(key.GetProperty("sessionCaps"), 5, 20, "organization", 2, "key");
        AssertCaps(await CapsOfAsync(tenant), 5, 20, "organization", 2, "key");

        // One option changes one cap; the other stays.
        (await Cli.RunAsync("keys", "set-limits", tenant.Credentials.PublicKey, "--max-session-seconds", "default")).AssertSuccess();
        AssertCaps(await CapsOfAsync(tenant), 5, 20, "organization", 600, "organization");
        (await Cli.RunAsync("orgs", "set-limits", org, "--max-concurrent-sessions", "none", "--max-session-seconds", "default")).AssertSuccess();
        (await Cli.RunAsync("keys", "set-limits", tenant.Credentials.PublicKey, "--max-concurrent-sessions", "none")).AssertSuccess();
        AssertCaps(await CapsOfAsync(tenant), null, null, "configuration", 3600, "configuration");
    }

    [Test]
    public async Task TextOutput_SaysWhereEachCapComesFrom()
    {
        var tenant = await Factory.CreateTenantAsync();
        var org = tenant.OrganizationId.ToString();

        var orgText = (await Cli.RunAsync("orgs", "set-limits", org, "--max-concurrent-sessions", "20")).AssertSuccess().Output;
        Assert.That(orgText, Does.Contain("max concurrent sessions:").And.Contain("20 (from organization)"));
        Assert.That(orgText, Does.Contain("3600 (from configuration)"));

        var keyText = (await Cli.RunAsync("keys", "set-limits", tenant.Credentials.PublicKey, "--max-concurrent-sessions", "3", "--max-session-seconds", "90")).AssertSuccess().Output;
        Assert.That(keyText, Does.Contain("3 (from key), 20 (from organization) for the organization"));
        Assert.That(keyText, Does.Contain("90 (from key)"));

        var list = (await Cli.RunAsync("keys", "list", "--org", org)).AssertSuccess().Output;
        Assert.That(list, Does.Contain("MAX CONCURRENT SESSIONS").And.Contain("MAX SESSION SECONDS"));
        Assert.That(list, Does.Contain("3 (from key), 20 (from organization) for the organization").And.Contain("90 (from key)"));
    }

    [Test]
    public async Task TheConfiguredDefaults_AreWhatKeysInheritLast()
    {
        var tenant = await Factory.CreateTenantAsync();
        var cli = Cli.With(new Dictionary<string, string?> { ["Sessions:DefaultMaxConcurrentSessions"] = "7", ["Sessions:DefaultMaxSessionSeconds"] = "900" });

        var list = (await cli.RunAsync("keys", "list", "--org", tenant.OrganizationId.ToString(), "--json")).AssertSuccess().Json();

        AssertCaps(list.GetProperty("apiKeys")[0].GetProperty("sessionCaps"), null, 7, "configuration", 900, "configuration");
    }

    [Test]
    public async Task BadInput_ChangesNoCap()
    {
        var tenant = await Factory.CreateTenantAsync();
        (await Cli.RunAsync("keys", "set-limits", tenant.Credentials.PublicKey, "--max-concurrent-sessions", "4")).AssertSuccess();

        (await Cli.RunAsync("keys", "set-limits", tenant.Credentials.PublicKey, "--max-concurrent-sessions", "9", "--max-session-seconds", "0"))
            .AssertFailure(CliExitCodes.BadInput, "--max-session-seconds: '0' is not a whole number from 1 to 604800, or default.");
        (await Cli.RunAsync("orgs", "set-limits", tenant.OrganizationId.ToString(), "--max-concurrent-sessions", "none", "--max-session-seconds", "none"))
            .AssertFailure(CliExitCodes.BadInput, "--max-session-seconds: 'none' is not a whole number");

        AssertCaps(await CapsOfAsync(tenant), 4, null, "configuration", 3600, "configuration");
    }

    [Test]
    public async Task SessionsList_AndUsage_ReadTheLedger_AsTextAndJson()
    {
        var tenant = await Factory.CreateTenantAsync();
        var org = tenant.OrganizationId.ToString();
        var first = await Factory.AddSessionAsync(tenant, Day.AddHours(8), Day.AddHours(8).AddSeconds(1), Day.AddHours(8).AddSeconds(121));
        var second = await Factory.AddSessionAsync(tenant, Day.AddHours(9), Day.AddHours(9), Day.AddHours(9).AddSeconds(59.5));

        var json = (await Cli.RunAsync("sessions", "list", "--org", org, "--json")).AssertSuccess().Json();
        Assert.That(json.GetProperty("sessions").EnumerateArray().Select(s => s.GetProperty("sessionId").GetGuid()), Is.EqualTo(new[] { second.Id, first.Id }));
        Assert.That(json.GetProperty("sessions")[1].GetProperty("seconds").GetInt64(), Is.EqualTo(120));

        var page = (await Cli.RunAsync("sessions", "list", "--org", org, "--agent", tenant.AgentId.ToString(), "--limit", "1", "--json")).AssertSuccess().Json();
        Assert.That(page.GetProperty("sessions").GetArrayLength(), Is.EqualTo(1));
        var cursor = page.GetProperty("nextCursor").GetString()!;
        var next = (await Cli.RunAsync("sessions", "list", "--org", org, "--agent", tenant.AgentId.ToString(), "--limit", "1", "--cursor", cursor, "--json")).AssertSuccess().Json();
        Assert.That(next.GetProperty("sessions")[0].GetProperty("sessionId").GetGuid(), Is.EqualTo(first.Id));

        var text = (await Cli.RunAsync("sessions", "list", "--org", org)).AssertSuccess().Output;
        Assert.That(text, Does.Contain("SESSION").And.Contain(first.Id.ToString()).And.Contain(tenant.Credentials.PublicKey).And.Contain("2026-11-02 08:00:01Z").And.Contain("left"));

        var usage = (await Cli.RunAsync("usage", "--org", org, "--from", "2026-11-02", "--to", "2026-11-03T00:00:00Z", "--by", "agent", "--json")).AssertSuccess().Json();
        Assert.That(usage.GetProperty("groups")[0].GetProperty("key").GetString(), Is.EqualTo(tenant.AgentId.ToString()));
        Assert.That(usage.GetProperty("total").GetProperty("sessions").GetInt64(), Is.EqualTo(2));
        Assert.That(usage.GetProperty("total").GetProperty("seconds").GetInt64(), Is.EqualTo(180));

        var usageText = (await Cli.RunAsync("usage", "--org", org, "--from", "2026-11-02", "--to", "2026-11-03", "--by", "key")).AssertSuccess().Output;
        Assert.That(usageText, Does.Contain("by key").And.Contain(tenant.Credentials.PublicKey));
        Assert.That(usageText, Does.Match(@"TOTAL\s+2\s+180\s+3\.0"));

        var empty = (await Cli.RunAsync("sessions", "list", "--org", (await Factory.CreateTenantAsync()).OrganizationId.ToString())).AssertSuccess().Output;
        Assert.That(empty, Does.Contain("No sessions."));
    }

    [Test]
    public async Task CapsSetByTheCli_AreWhatTheTokenEndpointApplies_AndTheSessionIsListed()
    {
        var tenant = await Factory.CreateTenantAsync();
        (await Cli.RunAsync("orgs", "set-limits", tenant.OrganizationId.ToString(), "--max-session-seconds", "45")).AssertSuccess();
        (await Cli.RunAsync("keys", "set-limits", tenant.Credentials.PublicKey, "--max-concurrent-sessions", "1")).AssertSuccess();

        var first = await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);
        var token = await first.JsonAsync();
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK), token.ToString());
        Assert.That(token.GetProperty("maxSessionSeconds").GetInt32(), Is.EqualTo(45), "the organization's length");
        await (await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.TooManyRequests, "session_limit");

        // A capped key's session is reserved in the request, so it is listed at once.
        var listed = (await Cli.RunAsync("sessions", "list", "--org", tenant.OrganizationId.ToString(), "--json")).AssertSuccess().Json().GetProperty("sessions");
        Assert.That(listed.EnumerateArray().Select(s => s.GetProperty("sessionId").GetString()), Is.EqualTo(new[] { token.GetProperty("sessionId").GetString() }));

        (await Cli.RunAsync("keys", "set-limits", tenant.Credentials.PublicKey, "--max-concurrent-sessions", "2", "--max-session-seconds", "5")).AssertSuccess();
        var second = await (await Client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).JsonAsync();
        Assert.That(second.GetProperty("maxSessionSeconds").GetInt32(), Is.EqualTo(5), second.ToString());
    }
}
