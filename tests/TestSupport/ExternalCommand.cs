using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Agentsgt.Tests.Support;

/// <summary>The outcome of one finished external command.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public string Describe()
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"`{CommandLine}` exited with code {ExitCode}.");
        AppendSection(text, "stdout", StandardOutput);
        AppendSection(text, "stderr", StandardError);
        return text.ToString();
    }

    private static void AppendSection(StringBuilder text, string name, string content)
    {
        if (!string.IsNullOrWhiteSpace(content))
        {
            text.Append('\n').Append(name).Append(":\n").Append(content.TrimEnd());
        }
    }
}

/// <summary>
/// Runs a program with an argument list (never a shell string), captures its output and kills it
/// when it overruns, so a wedged initdb or pg_ctl cannot hang the test run.
/// </summary>
internal static class ExternalCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // A daemon that inherited our pipes would keep them open forever; do not wait on it.
    private static readonly TimeSpan OutputGrace = TimeSpan.FromSeconds(5);

    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // "/" is readable by every user, so a command run as 'postgres' does not warn about the cwd.
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = Format(fileName, startInfo.ArgumentList);
        var limit = timeout ?? DefaultTimeout;
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException($"Could not run `{commandLine}`: {exception.Message}", exception);
        }

        // Nothing we run should prompt; a closed stdin makes any prompt fail instead of hang.
        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"`{commandLine}` did not finish within {limit.TotalSeconds:0} s and was killed.");
        }

        return new CommandResult(
            commandLine,
            process.ExitCode,
            await DrainAsync(standardOutput),
            await DrainAsync(standardError));
    }

    /// <summary>Finds an executable by name on PATH, then in the given fallback directories.</summary>
    public static string? FindExecutable(string name, params string[] fallbackDirectories)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(fallbackDirectories);
        return directories
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(IsExecutableFile);
    }

    public static bool IsExecutableFile(string path)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & anyExecute) != 0);
    }

    private static async Task<string> DrainAsync(Task<string> read)
    {
        try
        {
            return await read.WaitAsync(OutputGrace);
        }
        catch (TimeoutException)
        {
            return "(output still open after the command exited; a child process kept it)";
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited between the timeout and the kill.
        }
        catch (Win32Exception)
        {
            // Best effort: the timeout exception that follows is what the caller needs.
        }
    }

    /// <summary>A copy-pasteable rendering of the command, for error messages only.</summary>
    private static string Format(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', new[] { fileName }.Concat(arguments).Select(Quote));

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
