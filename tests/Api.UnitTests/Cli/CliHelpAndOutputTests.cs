using Agentsgt.Api.Cli;
using Agentsgt.Tests.Support;

namespace Agentsgt.Api.UnitTests.Cli;

/// <summary><c>--help</c> on every command and group (no database, no configuration).</summary>
public sealed class CliHelpAndOutputTests
{
    // No settings at all: help must not need a database or configuration.
    private static readonly CliHarness Unconfigured = new(new Dictionary<string, string?>(), "Production");

    private static readonly string[][] Commands =
    [
        [],
        ["db"], ["db", "migrate"],
        ["orgs"], ["orgs", "create"], ["orgs", "list"],
        ["agents"], ["agents", "create"], ["agents", "list"], ["agents", "delete"],
        ["keys"], ["keys", "create"], ["keys", "list"], ["keys", "revoke"],
        ["demo"], ["demo", "seed"],
    ];

    private static IEnumerable<TestCaseData> HelpCases() =>
        Commands.SelectMany(command => new[] { "--help", "-h" }.Select(flag =>
            new TestCaseData(command, flag).SetName($"{{m}}: {string.Join(' ', command.Append(flag))}")));

    [TestCaseSource(nameof(HelpCases))]
    public async Task PrintsHelp_WithExitCode0_WithoutAnyConfiguration(string[] command, string flag)
    {
        var result = await Unconfigured.RunAsync([.. command, flag]);

        Assert.That(result.ExitCode, Is.EqualTo(CliExitCodes.Success), result.Describe());
        Assert.That(result.Error, Is.Empty, result.Describe());
        Assert.That(result.Output, Does.Contain("Usage:").And.Contain(string.Join(' ', command)).And.Contain("--json"), result.Describe());
    }

    [Test]
    public async Task HelpWord_WorksLikeTheOption()
    {
        var word = await Unconfigured.RunAsync("help", "keys", "create");
        var option = await Unconfigured.RunAsync("keys", "create", "--help");

        Assert.That(word.ExitCode, Is.EqualTo(CliExitCodes.Success));
        Assert.That(word.Output, Is.EqualTo(option.Output));
    }

    [Test]
    public async Task Help_WinsOverOtherwiseBadInput()
    {
        var result = await Unconfigured.RunAsync("keys", "create", "--org", "not-an-id", "--help");

        Assert.That(result.ExitCode, Is.EqualTo(CliExitCodes.Success), result.Describe());
        Assert.That(result.Output, Does.Contain("--expires-in"));
    }

    [Test]
    public async Task TopLevelHelp_ListsEveryGroup_AndTheExitCodes()
    {
        var result = (await Unconfigured.RunAsync("--help")).AssertSuccess();

        Assert.That(result.Output, Does.Contain("db").And.Contain("orgs").And.Contain("agents").And.Contain("keys").And.Contain("demo"));
        Assert.That(result.Output, Does.Contain("0 on success, 2 on bad input or configuration").And.Contain("1 on an infrastructure failure"));
    }
}
