using System.Diagnostics;
using Agentsgt.Api.Cli;

namespace Agentsgt.Api.IntegrationTests.Cli;

/// <summary>
/// Start-up configuration and infrastructure failures: a missing pepper stops the web app and the
/// executable outside Development; an unreachable or unmigrated database is exit code 1 with a clear
/// message and no stack trace. (The CLI's configuration errors, raised before any database call, are
/// tested in tests/Api.UnitTests.)
/// </summary>
public sealed class CliConfigurationTests
{
    private const string Pepper = "a-pepper-that-is-long-enough-0123456789";
    private static readonly string UnknownOrganization = Guid.NewGuid().ToString("D");

    private static string UnreachableDatabase()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        return $"Host=127.0.0.1;Port={port};Database=none;Username=postgres;Timeout=2;Command Timeout=2";
    }

    [Test]
    public async Task InDevelopment_WithoutAPepper_KeysAreNotCreated_ButReadsWork()
    {
        await using var factory = await ApiFactory.CreateAsync("cli_devpepper");
        var cli = new CliHarness(new Dictionary<string, string?> { ["ConnectionStrings:Agentsgt"] = factory.ConnectionString }, "Development");
        var organizationId = (await cli.RunAsync("orgs", "create", "Acme", "--json")).AssertSuccess().Json().GetProperty("id").GetString()!;

        (await cli.RunAsync("keys", "create", "--org", organizationId)).AssertFailure(CliExitCodes.BadInput, "no API key pepper is configured (ApiKeys__Peppers__<id>)");
        (await cli.RunAsync("demo", "seed")).AssertFailure(CliExitCodes.BadInput, "no API key pepper is configured");
        Assert.That((await cli.RunAsync("keys", "list", "--org", organizationId, "--json")).AssertSuccess().Json().GetProperty("apiKeys").GetArrayLength(), Is.Zero);
    }

    [TestCase("orgs", "list")]
    [TestCase("orgs", "create", "Acme")]
    [TestCase("agents", "list", "--org", "{org}")]
    [TestCase("keys", "create", "--org", "{org}")]
    [TestCase("keys", "revoke", "pk_abc123")]
    [TestCase("db", "migrate")]
    public async Task UnreachableDatabase_IsAnInfrastructureFailure(params string[] args)
    {
        var cli = CliHarness.Production(("ConnectionStrings:Agentsgt", UnreachableDatabase()), ("ApiKeys:Peppers:1", Pepper));

        var result = await cli.RunAsync(args.Select(a => a.Replace("{org}", UnknownOrganization, StringComparison.Ordinal)).ToArray());

        result.AssertFailure(CliExitCodes.Failure, "error: the database is unreachable: check ConnectionStrings__Agentsgt and that PostgreSQL is running.");
        Assert.That(result.Error, Does.Not.Contain("Npgsql").And.Not.Contain("Exception"));
    }

    [Test]
    public async Task AnUnmigratedDatabase_AsksForDbMigrate()
    {
        var server = await SharedPostgres.GetAsync();
        var cli = CliHarness.Production(("ConnectionStrings:Agentsgt", await server.CreateDatabaseAsync("cli_nomigrate")), ("ApiKeys:Peppers:1", Pepper));

        (await cli.RunAsync("orgs", "list")).AssertFailure(CliExitCodes.Failure, "run 'db migrate' first");
        Assert.That((await cli.RunAsync("db", "migrate", "--json")).AssertSuccess().Json().GetProperty("applied").GetArrayLength(), Is.GreaterThan(0));
        (await cli.RunAsync("orgs", "list")).AssertSuccess();
    }

    [Test]
    public async Task AMissingDatabase_IsNamed()
    {
        var server = await SharedPostgres.GetAsync();
        var existing = new Npgsql.NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("cli_nodb")) { Database = "agentsgt_no_such_database" };
        var cli = CliHarness.Production(("ConnectionStrings:Agentsgt", existing.ConnectionString), ("ApiKeys:Peppers:1", Pepper));

        (await cli.RunAsync("orgs", "list")).AssertFailure(CliExitCodes.Failure, "the database named in ConnectionStrings__Agentsgt does not exist");
    }

    // ---- The real executable, as an operator runs it --------------------------------------

    [Test]
    public async Task TheWebApp_RefusesToStartInProduction_WithoutAPepper()
    {
        var (exitCode, _, error) = await RunExecutableAsync([], new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Agentsgt"] = UnreachableDatabase(),
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        });

        Assert.That(exitCode, Is.EqualTo(1), error);
        Assert.That(error, Does.StartWith("error: invalid configuration: No API key pepper is configured: set ApiKeys__Peppers__1"));
        Assert.That(error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task TheExecutable_RunsManagementCommands_WithTheSameExitCodes()
    {
        var production = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ConnectionStrings__Agentsgt"] = UnreachableDatabase() };

        var help = await RunExecutableAsync(["keys", "create", "--help"], production);
        var noPepper = await RunExecutableAsync(["keys", "list", "--org", UnknownOrganization], production);
        var unreachable = await RunExecutableAsync(["orgs", "list"], new Dictionary<string, string>(production) { ["ApiKeys__Peppers__1"] = Pepper });
        var badInput = await RunExecutableAsync(["keys", "create", "--org", "acme"], production);

        Assert.That(help.ExitCode, Is.EqualTo(0), help.Error);
        Assert.That(help.Output, Does.Contain("--expires-in"));
        Assert.That(noPepper, Is.EqualTo((2, "", "error: invalid configuration: No API key pepper is configured: set ApiKeys__Peppers__1 (at least 32 random characters) and ApiKeys__CurrentPepperId=1.\n")));
        Assert.That(unreachable.ExitCode, Is.EqualTo(1), unreachable.Error);
        Assert.That(unreachable.Error, Is.EqualTo("error: the database is unreachable: check ConnectionStrings__Agentsgt and that PostgreSQL is running.\n"));
        Assert.That(badInput.ExitCode, Is.EqualTo(2), badInput.Error);
    }

    /// <summary>Runs Agentsgt.Api.dll (copied beside the tests) with only the given app settings in its environment.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunExecutableAsync(string[] args, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Agentsgt.Api.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        // Nothing from the test run's own environment may configure the app under test.
        foreach (var name in startInfo.Environment.Keys.Where(k => k.StartsWith("ApiKeys__", StringComparison.OrdinalIgnoreCase)
                                                                  || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                                                                  || k is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT").ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`dotnet Agentsgt.Api.dll {string.Join(' ', args)}` did not exit within 60 s.");
        }

        return (process.ExitCode, await output, await error);
    }
}
