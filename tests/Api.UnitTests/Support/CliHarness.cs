using System.Text.Json;
using Agentsgt.Api.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Tests.Support;

/// <summary>
/// Runs management commands in-process, exactly as the executable does (same parser, services
/// and exit codes), with the given settings instead of the test process's environment. Needs no
/// database of its own: tests/Api.UnitTests runs the commands that fail or answer before any
/// database call; tests/Api.IntegrationTests compiles this same file and adds
/// <c>CliHarness.For(factory)</c> for commands against a real one.
/// </summary>
public sealed class CliHarness
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environmentName;
    private readonly TimeProvider? _clock;

    public CliHarness(IReadOnlyDictionary<string, string?> settings, string environmentName = "Testing", TimeProvider? clock = null)
    {
        _settings = new Dictionary<string, string?>(settings, StringComparer.Ordinal);
        _environmentName = environmentName;
        _clock = clock;
    }

    /// <summary>Commands in the Production environment with only <paramref name="settings"/>.</summary>
    public static CliHarness Production(params (string Key, string? Value)[] settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.ToDictionary(s => s.Key, s => s.Value), "Production");
    }

    /// <summary>The same settings with some replaced or added.</summary>
    public CliHarness With(IDictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>(_settings, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return new CliHarness(settings, _environmentName, _clock);
    }

    /// <summary>The same settings, without the entries whose key starts with <paramref name="prefix"/>.</summary>
    public CliHarness Without(string prefix) =>
        new(_settings.Where(s => !s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(), _environmentName, _clock);

    public CliHarness InEnvironment(string environmentName) => new(_settings, environmentName, _clock);

    /// <summary>Commands that believe it is <paramref name="now"/> (e.g. to create a key that has already expired).</summary>
    public CliHarness At(DateTimeOffset now) => new(_settings, _environmentName, new FixedClock(now));

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var clock = _clock;
        var host = new CliHostSettings
        {
            EnvironmentName = _environmentName,
            UseEnvironmentVariables = false,
            Settings = _settings,
            ConfigureServices = clock is null ? null : services => services.AddSingleton(clock),
        };
        var exitCode = await CliApp.RunAsync(args, host, output, error);
        return new CliResult(args, exitCode, output.ToString(), error.ToString());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed record CliResult(IReadOnlyList<string> Args, int ExitCode, string Output, string Error)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    /// <summary>Exit code 0 and nothing but warnings on stderr.</summary>
    public CliResult AssertSuccess()
    {
        Assert.That(ExitCode, Is.EqualTo(CliExitCodes.Success), Describe());
        Assert.That(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).All(l => l.StartsWith("warning: ", StringComparison.Ordinal)), Is.True, Describe());
        return this;
    }

    /// <summary>The documented failure shape: the exit code, nothing on stdout, one <c>error: …</c> line on stderr.</summary>
    public CliResult AssertFailure(int exitCode, string messageFragment)
    {
        Assert.That(ExitCode, Is.EqualTo(exitCode), Describe());
        Assert.That(Output, Is.Empty, Describe());
        Assert.That(Error, Does.StartWith("error: ").And.EndWith(Environment.NewLine), Describe());
        Assert.That(Error.TrimEnd('\r', '\n'), Does.Not.Contain('\n'), "one line: " + Describe());
        Assert.That(Error, Does.Contain(messageFragment), Describe());
        Assert.That(Error, Does.Not.Contain("   at "), "no stack trace: " + Describe());
        return this;
    }

    public string Describe() => $"`{string.Join(' ', Args)}` exited {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
