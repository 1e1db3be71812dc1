using Agentsgt.Api.Cli;

namespace Agentsgt.Api.IntegrationTests.Cli;

/// <summary>
/// <c>--json</c> as one document on stdout, and <c>demo seed</c>'s env file, against a real database
/// (<c>--help</c>, which needs none, is tested in tests/Api.UnitTests).
/// </summary>
public sealed class CliHelpAndOutputTests
{
    [Test]
    public async Task EveryCommand_WritesExactlyOneJsonDocument_WithJson()
    {
        await using var factory = await ApiFactory.CreateAsync("cli_json");
        var cli = CliHarness.For(factory);
        var envFile = Path.Combine(Path.GetTempPath(), $"agentsgt-demo-{Guid.NewGuid():N}.env");
        try
        {
            var organizationId = Single(await cli.RunAsync("orgs", "create", "Acme", "--json")).GetProperty("id").GetString()!;
            var agentId = Single(await cli.RunAsync("agents", "create", "--org", organizationId, "Bot", "--json")).GetProperty("id").GetString()!;
            var publicKey = Single(await cli.RunAsync("keys", "create", "--org", organizationId, "--json")).GetProperty("publicKey").GetString()!;

            Assert.That(Single(await cli.RunAsync("db", "migrate", "--json")).GetProperty("applied").GetArrayLength(), Is.Zero);
            Assert.That(Single(await cli.RunAsync("orgs", "list", "--json")).GetProperty("organizations").GetArrayLength(), Is.EqualTo(1));
            Assert.That(Single(await cli.RunAsync("agents", "list", "--org", organizationId, "--json")).GetProperty("agents").GetArrayLength(), Is.EqualTo(1));
            Assert.That(Single(await cli.RunAsync("keys", "list", "--org", organizationId, "--json")).GetProperty("currentPepperId").GetString(), Is.EqualTo("test"));
            Assert.That(Single(await cli.RunAsync("keys", "list", "--stale-pepper", "--json")).GetProperty("apiKeys").GetArrayLength(), Is.Zero);
            Assert.That(Single(await cli.RunAsync("keys", "revoke", publicKey, "--json")).GetProperty("apiKey").GetProperty("status").GetString(), Is.EqualTo("revoked"));
            Assert.That(Single(await cli.RunAsync("agents", "delete", agentId, "--json")).GetProperty("agent").GetProperty("id").GetString(), Is.EqualTo(agentId));
            var seeded = await cli.RunAsync("demo", "seed", "--env-file", envFile, "--json");
            Assert.That(Single(seeded).GetProperty("created").GetBoolean(), Is.True);
            Assert.That(seeded.Output, Does.Not.Contain("sk_"), "demo seed writes the secret only to the file");
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    [Test]
    public async Task DemoSeed_WritesAnOwnerOnlyEnvFile_AndReusesItsKey()
    {
        await using var factory = await ApiFactory.CreateAsync("cli_demo");
        var cli = CliHarness.For(factory);
        var envFile = Path.Combine(Path.GetTempPath(), $"agentsgt-demo-{Guid.NewGuid():N}.env");
        try
        {
            Assert.That((await cli.RunAsync("demo", "seed", "--env-file", envFile)).AssertSuccess().Output, Does.Contain("created"));
            var first = await File.ReadAllTextAsync(envFile);
            Assert.That((await cli.RunAsync("demo", "seed", "--env-file", envFile)).AssertSuccess().Output, Does.Contain("reused"));

            Assert.That(first, Does.Match("API_KEY=pk_[0-9A-Za-z]{24}:sk_[0-9A-Za-z]{40}"));
            Assert.That(await File.ReadAllTextAsync(envFile), Is.EqualTo(first));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(envFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
        }
        finally
        {
            File.Delete(envFile);
        }
    }

    private static JsonElement Single(CliResult result)
    {
        result.AssertSuccess();
        using var document = JsonDocument.Parse(result.Output); // throws unless stdout is exactly one JSON value
        return document.RootElement.Clone();
    }
}
