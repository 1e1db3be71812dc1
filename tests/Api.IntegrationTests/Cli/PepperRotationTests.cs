namespace Agentsgt.Api.IntegrationTests.Cli;

/// <summary>
/// Introducing a new pepper without invalidating existing keys, as README's Operations section
/// describes it: add B next to A and make it current; old keys keep working, new keys use B,
/// and <c>keys list --stale-pepper</c> shows what still depends on A.
/// </summary>
public sealed class PepperRotationTests
{
    private const string PepperA = "pepper-A-0123456789-0123456789-0123456789";
    private const string PepperB = "pepper-B-9876543210-9876543210-9876543210";

    private static readonly Dictionary<string, string?> OnA = new()
    {
        ["ApiKeys:Peppers:A"] = PepperA,
        ["ApiKeys:CurrentPepperId"] = "A",
    };

    private static readonly Dictionary<string, string?> OnBKeepingA = new()
    {
        ["ApiKeys:Peppers:A"] = PepperA,
        ["ApiKeys:Peppers:B"] = PepperB,
        ["ApiKeys:CurrentPepperId"] = "B",
    };

    private static readonly Dictionary<string, string?> OnBOnly = new()
    {
        ["ApiKeys:Peppers:B"] = PepperB,
        ["ApiKeys:CurrentPepperId"] = "B",
    };

    [Test]
    public async Task KeysOnTheOldPepper_KeepWorking_NewKeysUseTheNewOne_AndTheStaleListingShowsTheOldOnes()
    {
        await using var apiOnA = await ApiFactory.CreateAsync("cli_rotation", OnA);
        var cliOnA = CliHarness.For(apiOnA);
        var organizationId = (await cliOnA.RunAsync("orgs", "create", "Acme", "--json")).AssertSuccess().Json().GetProperty("id").GetString()!;
        var agentId = (await cliOnA.RunAsync("agents", "create", "--org", organizationId, "Bot", "--json")).AssertSuccess().Json().GetProperty("id").GetString()!;
        var keyA = await CreateKeyAsync(cliOnA, organizationId);
        var revokedOnA = await CreateKeyAsync(cliOnA, organizationId);
        (await cliOnA.RunAsync("keys", "revoke", revokedOnA.PublicKey)).AssertSuccess();
        var expiredOnA = await CreateKeyAsync(cliOnA.At(DateTimeOffset.UtcNow.AddDays(-2)), organizationId, "--expires-in", "1d");
        Assert.That(keyA.PepperId, Is.EqualTo("A"));
        await AssertIssuesAsync(apiOnA, agentId, keyA);

        // Step 1 of the rotation: B configured and current, A kept.
        await using var apiOnB = ApiFactory.OnDatabase(apiOnA.ConnectionString, OnBKeepingA);
        var cliOnB = CliHarness.For(apiOnB);
        var keyB = await CreateKeyAsync(cliOnB, organizationId);

        Assert.That(keyB.PepperId, Is.EqualTo("B"));
        await AssertIssuesAsync(apiOnB, agentId, keyA);
        await AssertIssuesAsync(apiOnB, agentId, keyB);

        var listed = (await cliOnB.RunAsync("keys", "list", "--org", organizationId, "--json")).AssertSuccess().Json();
        Assert.That(listed.GetProperty("currentPepperId").GetString(), Is.EqualTo("B"));
        var pepperOf = listed.GetProperty("apiKeys").EnumerateArray().ToDictionary(
            k => k.GetProperty("publicKey").GetString()!,
            k => (Id: k.GetProperty("pepperId").GetString(), Current: k.GetProperty("pepperIsCurrent").GetBoolean()));
        Assert.That(pepperOf[keyA.PublicKey], Is.EqualTo((Id: "A", Current: false)));
        Assert.That(pepperOf[keyB.PublicKey], Is.EqualTo((Id: "B", Current: true)));

        // Only the key that still works on A: not the revoked one, not the expired one, not B's.
        foreach (var args in new[] { new[] { "keys", "list", "--stale-pepper", "--json" }, ["keys", "list", "--stale-pepper", "--org", organizationId, "--json"] })
        {
            var stale = (await cliOnB.RunAsync(args)).AssertSuccess().Json().GetProperty("apiKeys").EnumerateArray()
                .Select(k => k.GetProperty("publicKey").GetString()).ToList();
            Assert.That(stale, Is.EqualTo(new[] { keyA.PublicKey }), string.Join(' ', args));
        }

        var text = (await cliOnB.RunAsync("keys", "list", "--stale-pepper")).AssertSuccess().Output;
        Assert.That(text, Does.Contain("Current pepper: B").And.Contain(keyA.PublicKey).And.Contain(organizationId));
        Assert.That(text, Does.Not.Contain(keyB.PublicKey).And.Not.Contain(revokedOnA.PublicKey).And.Not.Contain(expiredOnA.PublicKey));

        // Step 2, once the stale listing is empty in real life: A removed. Keys still on A stop working.
        await using var apiOnBOnly = ApiFactory.OnDatabase(apiOnA.ConnectionString, OnBOnly);
        await AssertIssuesAsync(apiOnBOnly, agentId, keyB);
        using var client = apiOnBOnly.CreateClient();
        await (await client.PostTokenAsync($"/api/v1/agents/{agentId}/livekit/token", "Bearer " + keyA.ApiKey))
            .AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key", "Invalid API key");
    }

    private static async Task<CreatedKey> CreateKeyAsync(CliHarness cli, string organizationId, params string[] extra)
    {
        var json = (await cli.RunAsync(["keys", "create", "--org", organizationId, "--json", .. extra])).AssertSuccess().Json();
        return new CreatedKey(json.GetProperty("publicKey").GetString()!, json.GetProperty("apiKey").GetString()!, json.GetProperty("pepperId").GetString()!);
    }

    private static async Task AssertIssuesAsync(ApiFactory api, string agentId, CreatedKey key)
    {
        using var client = api.CreateClient();
        var response = await client.PostTokenAsync($"/api/v1/agents/{agentId}/livekit/token", "Bearer " + key.ApiKey);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{key.PublicKey} on pepper {key.PepperId}: {await response.Content.ReadAsStringAsync()}");
        await response.AssertIssuedAsync(TokenEndpoint.Contract);
    }

    private sealed record CreatedKey(string PublicKey, string ApiKey, string PepperId);
}
