using System.ComponentModel;
using System.Diagnostics;
using NUnit.Framework;

namespace Agentsgt.Tests.Support;

/// <summary>Runs a Node.js script of tests/LiveKitE2E (LiveKit's npm SDKs, installed by <c>npm ci</c> there).</summary>
public static class LiveKitE2EScript
{
    /// <summary>tests/LiveKitE2E, found from the test assembly's folder up to the solution root.</summary>
    public static string Directory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Agentsgt.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "LiveKitE2E");
            }
        }

        throw new DirectoryNotFoundException($"Agentsgt.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Fails the test unless the npm packages are installed.</summary>
    public static void RequirePackages()
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory(), "node_modules", "livekit-server-sdk")))
        {
            Assert.Fail($"LiveKit's npm packages are not installed: run `npm ci` in {Directory()} (scripts/test.sh does).");
        }
    }

    /// <summary><c>node {arguments}</c> in tests/LiveKitE2E with the given environment; its exit code, standard output and error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"Node.js is needed for the LiveKit end-to-end tests (node not found: {ex.Message}); scripts/test.sh installs it.");
        }

        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s:\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
