using System.Diagnostics;
using System.Globalization;

namespace Agentsgt.Benchmarks.Run;

/// <summary>Processes the run starts (each stopped by its own id) and CPU time read from /proc.</summary>
public static class Proc
{
    /// <summary>Runs a program to the end (bounded), its output into <paramref name="outputPath"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string program, IEnumerable<string> arguments, string outputPath, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = Start(program, arguments, outputPath, environment, workingDirectory);
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Stop(process, TimeSpan.FromSeconds(5));
            throw new TimeoutException($"{program} did not finish within {timeout.TotalSeconds:0} s (output in {outputPath})");
        }

        // Let the output handlers drain.
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Starts a program in the background, stdout and stderr appended to <paramref name="outputPath"/>.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, string outputPath, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var output = new StreamWriter(outputPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var gate = new object();
        var openStreams = 2;
        void Write(string? line)
        {
            lock (gate)
            {
                if (line is not null)
                {
                    output.WriteLine(line);
                }
                else if (--openStreams == 0)
                {
                    // Both stdout and stderr have ended: nothing more will be written.
                    output.Dispose();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public static void Stop(Process process, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            kill?.WaitForExit();
        }

        if (!process.WaitForExit(grace))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>
    /// CPU clock ticks so far: the process; PostgreSQL (the postmaster with its exited children,
    /// plus every live child); the whole machine (busy and total, all cores). One line, as
    /// <c>CpuDelta</c> reads it.
    /// </summary>
    public static string CpuSnapshot(string label, int processId, int postmasterId)
    {
        long api = 0, pg = 0;
        if (ReadStat(processId) is { } own)
        {
            api = own[11] + own[12];
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || ReadStat(pid) is not { } stat)
            {
                continue;
            }

            if (pid == postmasterId)
            {
                pg += stat[11] + stat[12] + stat[13] + stat[14];
            }
            else if (stat[1] == postmasterId)
            {
                pg += stat[11] + stat[12];
            }
        }

        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var total = machine.Sum();
        var busy = total - machine[3] - machine[4];
        return string.Create(CultureInfo.InvariantCulture, $"{label} api={api} pg={pg} busy={busy} total={total}");
    }

    /// <summary>Resident set size in kB, or 0 when the process is gone.</summary>
    public static long RssKb(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    // Fields after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime.
    private static long[]? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var rest = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return rest.Take(15).Select(f => long.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0).ToArray();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
