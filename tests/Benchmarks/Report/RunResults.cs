using System.Globalization;
using System.Text.RegularExpressions;

namespace Agentsgt.Benchmarks.Report;

/// <summary>The raw outputs a benchmark run (BenchRun) leaves in its output directory, parsed.</summary>
public sealed partial class RunResults
{
    private RunResults(string directory)
    {
        Directory = directory;
        Meta = ReadKeyValueFile(Path.Combine(directory, "meta.env"));
    }

    public string Directory { get; }

    public Dictionary<string, string> Meta { get; }

    public static RunResults Load(string directory) =>
        System.IO.Directory.Exists(directory)
            ? new RunResults(directory)
            : throw new ArgumentException($"no such directory: {directory}");

    public string Setting(string name, string fallback = "?") => Meta.GetValueOrDefault(name, fallback);

    public double Number(string name) =>
        double.TryParse(Meta.GetValueOrDefault(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    public IReadOnlyList<string> Mixes => Setting("mixes", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<int> Connections =>
        Setting("connections", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();

    public WrkResult? Wrk(string name) => WrkResult.Parse(ReadOptional($"wrk-{name}.txt"));

    public PgbenchResult? Pgbench(string name) => PgbenchResult.Parse(ReadOptional($"pgbench-{name}.txt"));

    public CpuDelta? Cpu(string name) => CpuDelta.Parse(ReadOptional($"cpu-{name}.txt"));

    public CounterSummary? Counters(string name) => CounterSummary.Parse(ReadOptional($"counters-{name}.csv"));

    /// <summary>The OPEN_RESULT line of <c>{name}.txt</c> (an open-loop run).</summary>
    public OpenResult? Open(string name) => OpenResult.Parse(ReadOptional($"{name}.txt"), "OPEN_RESULT");

    public IReadOnlyList<OpenResult> OpenIntervals(string name) =>
        (ReadOptional($"{name}.txt") ?? string.Empty).Split('\n')
            .Where(l => l.StartsWith("OPEN_INTERVAL ", StringComparison.Ordinal))
            .Select(l => OpenResult.Parse(l, "OPEN_INTERVAL")!)
            .ToList();

    /// <summary>Per-second samples of the soak: RSS in KiB, database connections, and PostgreSQL's running counts.</summary>
    public IReadOnlyList<SoakSample> SoakSamples() =>
        (ReadOptional("soak-samples.txt") ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .Where(v => v.Length == 6)
            .Select(v => new SoakSample((int)v[0], v[1], v[2], v[3], v[4], v[5]))
            .ToList();

    /// <summary>
    /// GC collections per generation in each interval of a dotnet-counters CSV: its rows are one-second
    /// increments in order, so the n-th row of a counter is taken as second n of the run.
    /// </summary>
    public IReadOnlyList<long[]> GcPerInterval(string name, int intervalSeconds)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var intervals = new List<long[]>();
        foreach (var line in (ReadOptional($"counters-{name}.csv") ?? string.Empty).Split('\n').Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length < 5 || !double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                continue;
            }

            var counter = string.Join(',', parts[2..^2]);
            var generation = Enumerable.Range(0, 3).FirstOrDefault(g => counter.StartsWith("dotnet.gc.collections", StringComparison.Ordinal) && counter.Contains($"gc.heap.generation=gen{g}", StringComparison.Ordinal), -1);
            if (generation < 0)
            {
                continue;
            }

            var second = seen[counter] = seen.GetValueOrDefault(counter) + 1;
            var index = (second - 1) / intervalSeconds;
            while (intervals.Count <= index)
            {
                intervals.Add(new long[3]);
            }

            intervals[index][generation] += (long)Math.Round(value);
        }

        return intervals;
    }

    /// <summary>The first line of a file that starts with <paramref name="tag"/>, as key=value pairs.</summary>
    public Dictionary<string, string>? Tagged(string file, string tag)
    {
        var line = ReadOptional(file)?.Split('\n').FirstOrDefault(l => l.StartsWith(tag + " ", StringComparison.Ordinal));
        return line is null ? null : KeyValues(line);
    }

    public IReadOnlyList<Dictionary<string, string>> AllTagged(string file, string tag) =>
        (ReadOptional(file) ?? string.Empty).Split('\n')
            .Where(l => l.StartsWith(tag + " ", StringComparison.Ordinal))
            .Select(KeyValues)
            .ToList();

    /// <summary>(second, RSS in KiB) samples of the soak run.</summary>
    public IReadOnlyList<(int Second, long RssKb)> RssSamples() =>
        (ReadOptional("rss.txt") ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Where(p => p.Length == 2 && long.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), long.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();

    public string? ReadOptional(string file)
    {
        var path = Path.Combine(Directory, file);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public static Dictionary<string, string> KeyValues(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    public static double Double(Dictionary<string, string>? values, string key) =>
        values is not null && values.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : double.NaN;

    private static Dictionary<string, string> ReadKeyValueFile(string path) =>
        !File.Exists(path)
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : File.ReadAllLines(path)
                .Select(l => l.Split('=', 2))
                .Where(kv => kv.Length == 2)
                .GroupBy(kv => kv[0], StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
}

/// <summary>The WRK_RESULT line that wrk/token.lua prints.</summary>
public sealed record WrkResult(long Requests, double Seconds, double P50Ms, double P99Ms, long Non2xx, long SocketErrors)
{
    public double RequestsPerSecond => Requests / Seconds;

    public static WrkResult? Parse(string? text)
    {
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith("WRK_RESULT ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var v = RunResults.KeyValues(line);
        double D(string k) => RunResults.Double(v, k);
        return new WrkResult(
            (long)D("requests"),
            D("duration_us") / 1e6,
            D("p50_us") / 1e3,
            D("p99_us") / 1e3,
            (long)D("non2xx"),
            (long)(D("connect_errors") + D("read_errors") + D("write_errors") + D("timeouts")));
    }
}

/// <summary>One second of the soak: the API's RSS, the database's connections, and running counts of checkpoints, autovacuum runs and dead rows of api_keys.</summary>
public sealed record SoakSample(int Second, long RssKb, long DbConnections, long Checkpoints, long Autovacuums, long DeadRows);

/// <summary>One line of the open-loop generator (Load/OpenLoop): latencies in ms from the scheduled send time, unless named otherwise.</summary>
public sealed record OpenResult(double Rate, long Requests, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs, double SendP99Ms, double LagP99Ms, long Non2xx, long Errors)
{
    public static OpenResult? Parse(string? text, string tag)
    {
        var line = text?.Split('\n').FirstOrDefault(l => l.StartsWith(tag + " ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var v = RunResults.KeyValues(line);
        double D(string k) => RunResults.Double(v, k);
        double Ms(string k) => D(k) / 1e3;
        return new OpenResult(D("rate"), (long)D("requests"), Ms("p50_us"), Ms("p90_us"), Ms("p99_us"), Ms("p999_us"), Ms("max_us"), Ms("send_p99_us"), Ms("lag_p99_us"), (long)D("non2xx"), (long)D("errors"));
    }
}

/// <summary>pgbench's summary and its -r per-statement latencies, averaged over its scripts by transactions.</summary>
public sealed partial record PgbenchResult(double Tps, long Transactions, long Failed, IReadOnlyList<double> StatementLatencyMs)
{
    public static PgbenchResult? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var tps = TpsLine().Match(text);
        if (!tps.Success)
        {
            return null;
        }

        long Total(Regex regex)
        {
            var m = regex.Match(text);
            return m.Success ? long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 0;
        }

        var transactions = Total(Processed());
        var weightedSums = new List<double>();
        var weights = new List<double>();
        double scriptWeight = transactions;
        var inLatencies = false;
        var index = 0;
        foreach (var line in text.Split('\n'))
        {
            var script = ScriptTransactions().Match(line);
            if (script.Success)
            {
                scriptWeight = double.Parse(script.Groups["n"].Value, CultureInfo.InvariantCulture);
                continue;
            }

            if (line.Contains("statement latencies in milliseconds", StringComparison.Ordinal))
            {
                inLatencies = true;
                index = 0;
                continue;
            }

            var statement = inLatencies ? StatementLine().Match(line) : Match.Empty;
            if (!statement.Success)
            {
                inLatencies = false;
                continue;
            }

            if (weightedSums.Count <= index)
            {
                weightedSums.Add(0);
                weights.Add(0);
            }

            weightedSums[index] += double.Parse(statement.Groups["ms"].Value, CultureInfo.InvariantCulture) * scriptWeight;
            weights[index] += scriptWeight;
            index++;
        }

        return new PgbenchResult(
            double.Parse(tps.Groups["tps"].Value, CultureInfo.InvariantCulture),
            transactions,
            Total(FailedLine()),
            weightedSums.Select((sum, i) => weights[i] > 0 ? sum / weights[i] : double.NaN).ToList());
    }

    [GeneratedRegex(@"^tps = (?<tps>[0-9.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^number of transactions actually processed: (?<n>\d+)", RegexOptions.Multiline)]
    private static partial Regex Processed();

    [GeneratedRegex(@"^number of failed transactions: (?<n>\d+)", RegexOptions.Multiline)]
    private static partial Regex FailedLine();

    [GeneratedRegex(@"^ - (?<n>\d+) transactions \(")]
    private static partial Regex ScriptTransactions();

    [GeneratedRegex(@"^\s+(?<ms>[0-9.]+)\s+\d+\s+\S")]
    private static partial Regex StatementLine();
}

/// <summary>CPU clock ticks between bench.sh's start and end snapshots of one run.</summary>
public sealed record CpuDelta(double Api, double Postgres, double MachineBusy, double MachineTotal)
{
    public double BusyFraction => MachineTotal > 0 ? MachineBusy / MachineTotal : double.NaN;

    public static CpuDelta? Parse(string? text)
    {
        var lines = text?.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var start = lines?.FirstOrDefault(l => l.StartsWith("start ", StringComparison.Ordinal));
        var end = lines?.FirstOrDefault(l => l.StartsWith("end ", StringComparison.Ordinal));
        if (start is null || end is null)
        {
            return null;
        }

        var a = RunResults.KeyValues(start);
        var b = RunResults.KeyValues(end);
        double D(string k) => RunResults.Double(b, k) - RunResults.Double(a, k);
        return new CpuDelta(D("api"), D("pg"), D("busy"), D("total"));
    }
}

/// <summary>Means (and a few maxima) of dotnet-counters' EventCounters\System.Runtime CSV.</summary>
public sealed record CounterSummary(IReadOnlyDictionary<string, (double Mean, double Max)> Counters, int Samples)
{
    public double Mean(string counter) => Counters.TryGetValue(counter, out var v) ? v.Mean : double.NaN;

    public double Max(string counter) => Counters.TryGetValue(counter, out var v) ? v.Max : double.NaN;

    public static CounterSummary? Parse(string? csv)
    {
        if (csv is null)
        {
            return null;
        }

        var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var line in csv.Split('\n').Skip(1))
        {
            var parts = line.Split(',');
            if (parts.Length >= 5 && double.TryParse(parts[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                var name = string.Join(',', parts[2..^2]);
                if (!values.TryGetValue(name, out var list))
                {
                    values[name] = list = [];
                }

                list.Add(value);
            }
        }

        return values.Count == 0
            ? null
            : new CounterSummary(values.ToDictionary(kv => kv.Key, kv => (kv.Value.Average(), kv.Value.Max()), StringComparer.Ordinal), values.Values.Max(v => v.Count));
    }
}
