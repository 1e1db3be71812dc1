using Agentsgt.Api.Cli;
using Agentsgt.Tests.Support;

namespace Agentsgt.Api.UnitTests.Cli;

/// <summary>
/// Configuration errors the CLI raises before any database call: a missing, short or ambiguous
/// pepper outside Development, or no connection string, is exit code 2 with one clear line.
/// </summary>
public sealed class CliConfigurationTests
{
    private const string Pepper = "a-pepper-that-is-long-enough-0123456789";
    private static readonly string UnknownOrganization = Guid.NewGuid().ToString("D");

    [TestCase("keys", "create", "--org", "{org}")]
    [TestCase("keys", "list", "--org", "{org}")]
    [TestCase("orgs", "list")]
    [TestCase("db", "migrate")]
    public async Task MissingPepper_InProduction_IsAConfigurationError(params string[] args)
    {
        var cli = CliHarness.Production(("ConnectionStrings:Agentsgt", "Host=127.0.0.1;Database=none"));

        var result = await cli.RunAsync(args.Select(a => a.Replace("{org}", UnknownOrganization, StringComparison.Ordinal)).ToArray());

        result.AssertFailure(CliExitCodes.BadInput, "invalid configuration: No API key pepper is configured: set ApiKeys__Peppers__1");
    }

    [Test]
    public async Task MissingConnectionString_IsAConfigurationError()
    {
        var result = await CliHarness.Production(("ApiKeys:Peppers:1", Pepper)).RunAsync("orgs", "list");

        result.AssertFailure(CliExitCodes.BadInput, "ConnectionStrings:Agentsgt is not set");
    }

    [Test]
    public async Task AShortPepper_IsAConfigurationError_ThatNeverShowsThePepper()
    {
        var result = await CliHarness.Production(("ConnectionStrings:Agentsgt", "Host=127.0.0.1"), ("ApiKeys:Peppers:1", "short-pepper-value")).RunAsync("orgs", "list");

        result.AssertFailure(CliExitCodes.BadInput, "API key pepper '1' is shorter than 32 characters");
        Assert.That(result.Error, Does.Not.Contain("short-pepper-value"));
    }

    [Test]
    public async Task SeveralPeppersWithoutACurrentOne_IsAConfigurationError()
    {
        var result = await CliHarness.Production(("ConnectionStrings:Agentsgt", "Host=127.0.0.1"), ("ApiKeys:Peppers:1", Pepper), ("ApiKeys:Peppers:2", Pepper + "2")).RunAsync("orgs", "list");

        result.AssertFailure(CliExitCodes.BadInput, "set ApiKeys__CurrentPepperId");
    }

    [Test]
    public async Task ACurrentPepperIdNamingNoPepper_IsAConfigurationError()
    {
        var result = await CliHarness.Production(("ConnectionStrings:Agentsgt", "Host=127.0.0.1"), ("ApiKeys:Peppers:1", Pepper), ("ApiKeys:CurrentPepperId", "2")).RunAsync("orgs", "list");

        result.AssertFailure(CliExitCodes.BadInput, "ApiKeys:CurrentPepperId '2' names no configured pepper");
    }

    [Test]
    public async Task EveryBadSetting_IsNamedAtOnce_InTheApisWording()
    {
        var cli = CliHarness.Production(
            ("ConnectionStrings:Agentsgt", "Host=127.0.0.1;Database=none"),
            ("ApiKeys:Peppers:1", Pepper),
            ("Cors:AllowedOrigins:0", "https://*.acme.example"),
            ("Database:CommandTimeoutSeconds", "0"),
            ("RateLimiting:PerKeyTokenLimit", "ten"),
            ("Logging:LogLevel:Default", "Verbose"));

        var result = await cli.RunAsync("orgs", "list");

        result.AssertFailure(CliExitCodes.BadInput, "invalid configuration:");
        Assert.That(result.Error, Does.Contain("Cors:AllowedOrigins:0")
            .And.Contain("Database:CommandTimeoutSeconds must be 1–300")
            .And.Contain("RateLimiting:PerKeyTokenLimit must be a whole number")
            .And.Contain("Logging:LogLevel:Default must be Trace"));
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1), result.Error);
    }
}
