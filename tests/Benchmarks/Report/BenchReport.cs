using System.Globalization;
using System.Text;

namespace Agentsgt.Benchmarks.Report;

/// <summary>
/// The one report of a scripts/bench.sh run: the endpoint against its two fixed yardsticks (the
/// database ceiling, pgbench of Sql/ceiling.sql, and the framework floor, Floor/FloorApp), where
/// the time goes, the cold start, last_used_at after the run, the signer against LiveKit's Node
/// SDK, and memory over the soak run, each with its target marked met or not met, and the
/// picture (bench.png) beside it. Exit code 3 when a target is not met.
/// </summary>
public static class BenchReport
{
    private const int TargetConnections = 64;
    private const double TargetCeilingRatio = 0.45;
    private const double TargetFloorRatio = 0.18;
    private const double TargetColdRatio = 0.80;
    private const double TargetColdP99Factor = 2;
    private const double TargetReadyMs = 5000;
    private const double TargetApiCpuUs = 100;
    private const double TargetApiBytes = 16 * 1024;
    private const int HalfLoad = 50;
    private const double TargetHalfLoadP99Ms = 5;
    private const int ThreeQuarterLoad = 75;
    private const double TargetThreeQuarterLoadP99Ms = 15;
    private const double TargetOpenMaxMs = 100;
    private const double TargetSoakP99Ms = 5;
    private const double TargetSoakDrift = 0.20;
    private const double TargetSpeedupOverNode = 3;
    private const double TargetBytesPerToken = 2048;
    private const double TargetRssDrift = 0.10;
    private const double TargetCappedRatio = 0.60;
    private const double TargetUncappedRatio = 0.90;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static int Print(string directory)
    {
        var run = RunResults.Load(directory);
        var report = new StringBuilder();
        var targets = new List<(string Name, bool Met)>();

        Header(run, report);
        Endpoint(run, report, targets);
        SessionCaps(run, report, targets);
        WhereTheTimeGoes(run, report, targets);
        ColdStart(run, report, targets);
        OpenLoop(run, report, targets);
        Soak(run, report, targets);
        GcModes(run, report);
        LastUsedAt(run, report, targets);
        TimingOracle(run, report);
        Signer(run, report, targets);
        var picture = BenchPlot.Write(run, Path.Combine(directory, "bench.png"));

        report.AppendLine();
        var notMet = targets.All(t => t.Met) ? "." : $" (not met: {string.Join("; ", targets.Where(t => !t.Met).Select(t => t.Name))}).";
        report.AppendLine(Invariant, $"Targets met: {targets.Count(t => t.Met)} of {targets.Count}{notMet}");
        report.AppendLine(Invariant, $"Picture: {picture}");
        Console.Write(report.ToString());
        File.WriteAllText(Path.Combine(directory, "report.txt"), report.ToString());
        return targets.All(t => t.Met) ? 0 : 3;
    }

    private static void Header(RunResults run, StringBuilder r)
    {
        var cores = run.Number("cores");
        r.AppendLine(Invariant, $"AgentsGT voice-token benchmark (scripts/bench.sh), {run.Setting("date")}");
        r.AppendLine(Invariant, $"Machine: {run.Setting("cpu")}, {run.Setting("cores")} cores, {run.Setting("memory")}, Linux {run.Setting("kernel")}; .NET SDK {run.Setting("dotnet")}, PostgreSQL {run.Setting("postgres")}, wrk {run.Setting("wrk")}, Node {run.Setting("node")}");
        var loadStart = ParseFirst(run.Setting("loadavg_start", "nan"));
        var loadEnd = ParseFirst(run.Setting("loadavg_end", "nan"));
        var busy = loadStart > 0.5 * cores ? " -- the machine was already busy before the run started, so treat these figures as preliminary" : string.Empty;
        r.AppendLine(Invariant, $"Load average (1 min): {loadStart:F2} at start, {loadEnd:F2} at end{busy}");
        r.AppendLine(Invariant, $"Runs: {run.Setting("duration")} s measured after {run.Setting("warmup")} s warm-up each; wrk and pgbench with {run.Setting("threads")} threads; {run.Setting("keys")} organizations/agents/keys seeded{(run.Setting("capped", "0") == "1" ? ", and as many with a concurrency cap for the capped mix" : string.Empty)}");
        r.AppendLine(Invariant, $"API: dotnet publish -c Release (ReadyToRun), ASPNETCORE_ENVIRONMENT=Production, Logging__LogLevel__Default=Warning, last_used_at flushed every {run.Setting("flush_seconds")} s; rate limits raised through configuration: {run.Setting("rate_limits")}");
        r.AppendLine(Invariant, $"PostgreSQL: fsync={run.Setting("pg_fsync")}, synchronous_commit={run.Setting("pg_synchronous_commit")}, full_page_writes={run.Setting("pg_full_page_writes")} (defaults), max_connections={run.Setting("pg_max_connections")}, shared_buffers={run.Setting("pg_shared_buffers")}");
        r.AppendLine("Yardsticks, same run: ceiling = pgbench -M prepared of tests/Benchmarks/Sql/ceiling.sql (ONE statement: key by public part, agent in its organization, last_used_at written);");
        r.AppendLine("  floor = tests/Benchmarks/Floor/FloorApp.cs (minimal ASP.NET Core, no database; same header parsing, body, JsonWebTokenHandler signing and response) under the same wrk script.");
    }

    private static void Endpoint(RunResults run, StringBuilder r, List<(string, bool)> targets)
    {
        r.AppendLine();
        r.AppendLine("Endpoint (wrk, POST /api/v1/agents/{id}/livekit/token, measured warm) against the database ceiling and the framework floor");
        var rows = new List<string[]>();
        foreach (var mix in run.Mixes)
        {
            foreach (var c in run.Connections)
            {
                var wrk = run.Wrk($"{mix}-{c}");
                var pg = run.Pgbench($"{mix}-{c}");
                var floor = run.Wrk($"floor-{c}");
                rows.Add(
                [
                    MixName(mix), I(c), N(wrk?.RequestsPerSecond, "N0"), N(wrk?.P50Ms, "F1"), N(wrk?.P99Ms, "F1"),
                    N(wrk?.Non2xx, "N0"), N(wrk?.SocketErrors, "N0"), N(pg?.Tps, "N0"), N(floor?.RequestsPerSecond, "N0"), N(floor?.P99Ms, "F1"),
                    Percent(wrk?.RequestsPerSecond / pg?.Tps), Percent(wrk?.RequestsPerSecond / floor?.RequestsPerSecond),
                ]);
            }
        }

        Table(r, ["mix", "conns", "req/s", "p50 ms", "p99 ms", "non-2xx", "sock err", "ceiling tps", "floor req/s", "floor p99", "÷ ceiling", "÷ floor"], rows);

        if (!run.Connections.Contains(TargetConnections))
        {
            r.AppendLine(Invariant, $"Target: not checked (no {TargetConnections}-connection runs).");
            return;
        }

        r.AppendLine(Invariant, $"Target at {TargetConnections} connections: endpoint ≥ {TargetCeilingRatio:P0} of the ceiling and ≥ {TargetFloorRatio:P0} of the floor, 0 non-2xx and 0 socket errors (closed-loop p99 is queueing: latency targets are open loop, below)");
        foreach (var mix in run.Mixes)
        {
            var wrk = run.Wrk($"{mix}-{TargetConnections}");
            var pg = run.Pgbench($"{mix}-{TargetConnections}");
            var floor = run.Wrk($"floor-{TargetConnections}");
            var ceilingRatio = wrk?.RequestsPerSecond / pg?.Tps ?? double.NaN;
            var floorRatio = wrk?.RequestsPerSecond / floor?.RequestsPerSecond ?? double.NaN;
            var errors = wrk is null ? long.MaxValue : wrk.Non2xx + wrk.SocketErrors;
            targets.Add(($"{MixName(mix)} ≥ {TargetCeilingRatio:P0} of ceiling", ceilingRatio >= TargetCeilingRatio));
            targets.Add(($"{MixName(mix)} ≥ {TargetFloorRatio:P0} of floor", floorRatio >= TargetFloorRatio));
            targets.Add(($"{MixName(mix)} 0 errors", errors == 0));
            r.AppendLine(Invariant, $"  {MixName(mix),-9} ÷ ceiling {Percent(ceilingRatio)} ({Met(ceilingRatio >= TargetCeilingRatio)}), ÷ floor {Percent(floorRatio)} ({Met(floorRatio >= TargetFloorRatio)}), non-2xx + socket errors {(wrk is null ? "?" : I(errors))} ({Met(errors == 0)})");
        }
    }

    /// <summary>
    /// The token path with and without a concurrency cap, side by side at 64 connections: uncapped
    /// is one read with the session row written behind, capped adds the reservation round trip.
    /// </summary>
    private static void SessionCaps(RunResults run, StringBuilder r, List<(string, bool)> targets)
    {
        if (run.Setting("capped", "0") != "1")
        {
            return;
        }

        var uncapped = run.Wrk($"many-{TargetConnections}");
        var capped = run.Wrk($"capped-{TargetConnections}");
        var uncappedCpu = ApiMicrosecondsPerRequest(run, $"wrk-many-{TargetConnections}", uncapped);
        var cappedCpu = ApiMicrosecondsPerRequest(run, $"wrk-capped-{TargetConnections}", capped);
        r.AppendLine();
        r.AppendLine(Invariant, $"Session caps: the token path without a concurrency cap (many keys: one read, session row written behind) and with one (capped: each organization's max_concurrent_sessions = {run.Setting("capped_org_max_concurrent_sessions")}, never reached, so every token takes the reservation round trip), closed loop, {TargetConnections} connections; sessions emptied before each point; join window {run.Setting("join_window_seconds")} s (tokens also end as never_joined within each point)");
        Table(
            r,
            ["path", "req/s", "p50 ms", "p99 ms", "non-2xx", "429", "sock err", "API µs/req"],
            [
                ["uncapped", N(uncapped?.RequestsPerSecond, "N0"), N(uncapped?.P50Ms, "F1"), N(uncapped?.P99Ms, "F1"), N(uncapped?.Non2xx, "N0"), "-", N(uncapped?.SocketErrors, "N0"), N(uncappedCpu, "F0")],
                ["capped", N(capped?.RequestsPerSecond, "N0"), N(capped?.P50Ms, "F1"), N(capped?.P99Ms, "F1"), N(capped?.Non2xx, "N0"), N(capped?.Refused, "N0"), N(capped?.SocketErrors, "N0"), N(cappedCpu, "F0")],
            ]);
        var ratio = capped?.RequestsPerSecond / uncapped?.RequestsPerSecond ?? double.NaN;
        var baseline = run.Number("baseline_rps");
        var uncappedRatio = uncapped?.RequestsPerSecond / baseline ?? double.NaN;
        var cappedErrors = capped is null ? long.MaxValue : capped.Non2xx + capped.SocketErrors;
        targets.Add(($"capped ≥ {TargetCappedRatio:P0} of uncapped", ratio >= TargetCappedRatio));
        targets.Add(($"uncapped ≥ {TargetUncappedRatio:P0} of the pre-ledger figure", uncappedRatio >= TargetUncappedRatio));
        targets.Add(("capped: nothing refused, 0 errors", cappedErrors == 0));
        r.AppendLine(Invariant, $"  capped ÷ uncapped {Percent(ratio)}: target ≥ {TargetCappedRatio:P0}: {Met(ratio >= TargetCappedRatio)}");
        r.AppendLine(Invariant, $"  uncapped ÷ pre-ledger {N(baseline, "N0")} req/s {Percent(uncappedRatio)}: target ≥ {TargetUncappedRatio:P0}: {Met(uncappedRatio >= TargetUncappedRatio)} (BENCH_BASELINE_RPS: the many-keys {TargetConnections}-connection figure of another run, before the ledger; same machine and settings or the ratio means little)");
        r.AppendLine(Invariant, $"  capped: 429 and other non-2xx + socket errors {(capped is null ? "?" : I(cappedErrors))}: {Met(cappedErrors == 0)} (a refusal means the cap was reached and the point measured something else); session rows after its warm-up and run: {run.Setting("capped_sessions_after")}");
    }

    private static double ApiMicrosecondsPerRequest(RunResults run, string cpuName, WrkResult? wrk)
    {
        var cpu = run.Cpu(cpuName);
        return cpu is null || wrk is null || wrk.Requests == 0 ? double.NaN : cpu.Api / run.Number("clk_tck") / wrk.Requests * 1e6;
    }

    private static void WhereTheTimeGoes(RunResults run, StringBuilder r, List<(string, bool)> targets)
    {
        var tick = run.Number("clk_tck");
        var cores = run.Number("cores");
        r.AppendLine();
        r.AppendLine("Where the time goes (CPU from /proc over each measured run; pgbench -r latency of the ceiling statement)");
        var rows = new List<string[]>();
        foreach (var mix in run.Mixes)
        {
            foreach (var c in run.Connections)
            {
                var wrk = run.Wrk($"{mix}-{c}");
                var pg = run.Pgbench($"{mix}-{c}");
                var cpu = run.Cpu($"wrk-{mix}-{c}");
                var pgCpu = run.Cpu($"pgbench-{mix}-{c}");
                double PerRequest(double ticks) => wrk is null || wrk.Requests == 0 ? double.NaN : ticks / tick / wrk.Requests * 1e6;
                var pgPerTransaction = pg is null || pgCpu is null || pg.Transactions == 0 ? double.NaN : pgCpu.Postgres / tick / pg.Transactions * 1e6;
                rows.Add(
                [
                    MixName(mix), I(c),
                    N(cpu?.BusyFraction * 100, "F0"),
                    N(wrk is null ? double.NaN : cores * 1e6 / wrk.RequestsPerSecond, "N0"),
                    N(PerRequest(cpu?.Api ?? double.NaN), "N0"),
                    N(PerRequest(cpu?.Postgres ?? double.NaN), "N0"),
                    N(PerRequest(cpu is null ? double.NaN : cpu.MachineBusy - cpu.Api - cpu.Postgres), "N0"),
                    N(pgCpu?.BusyFraction * 100, "F0"),
                    N(pgPerTransaction, "N0"),
                    N(pg?.StatementLatencyMs.LastOrDefault(double.NaN), "F2"),
                    N(FloorCpuPerRequest(run, c, tick), "N0"),
                ]);
            }
        }

        Table(r, ["mix", "conns", "busy %", "µs/req budget", "API µs/req", "PG µs/req", "other µs/req", "pgbench busy %", "PG µs/txn", "ceiling ms", "floor µs/req"], rows);
        r.AppendLine(Invariant, $"  busy % = all {cores:F0} cores during the wrk run; budget = {cores:F0} cores ÷ req/s; API and PG = CPU each used per request; other = the rest of the machine (wrk itself and any other load).");
        r.AppendLine("  pgbench busy %, PG µs/txn: the same for the ceiling's pgbench run; floor µs/req: the floor app's own CPU per request.");

        var ours = run.Tagged("signer-bdn.txt", "SIGNER_RESULT") is not null
            ? run.AllTagged("signer-bdn.txt", "SIGNER_RESULT").FirstOrDefault(v => v.GetValueOrDefault("method") == "ours")
            : null;
        var signerNs = RunResults.Double(ours, "mean_ns");
        var wrk64 = run.Wrk($"many-{TargetConnections}");
        var cpu64 = run.Cpu($"wrk-many-{TargetConnections}");
        if (!double.IsNaN(signerNs) && wrk64 is not null && cpu64 is not null && wrk64.Requests > 0)
        {
            var apiUs = cpu64.Api / tick / wrk64.Requests * 1e6;
            r.AppendLine(Invariant, $"  Signing a token takes {signerNs / 1000:F1} µs (BenchmarkDotNet), {signerNs / 1000 / apiUs:P1} of the API's {apiUs:F0} µs of CPU per request (many keys, {TargetConnections} connections).");
        }

        var dbCost = run.AllTagged("db-cost.txt", "DBCOST").ToDictionary(v => v.GetValueOrDefault("call", "?"), v => v, StringComparer.Ordinal);
        if (dbCost.Count > 0)
        {
            string Call(string call) => string.Create(Invariant, $"{RunResults.Double(dbCost.GetValueOrDefault(call), "cpu_us"):F0} µs / {RunResults.Double(dbCost.GetValueOrDefault(call), "bytes"):N0} B");
            var callers = RunResults.Double(dbCost.GetValueOrDefault("key_and_agent"), "parallel");
            r.AppendLine(Invariant, $"  API-side CPU and allocation per database call, {callers:F0} callers at once (db-cost): the token path's one read (key and agent, prepared Npgsql) {Call("key_and_agent")}; SELECT 1 through EF Core {Call("select_1_ef")}.");
        }

        var counters = run.Counters($"many-{TargetConnections}");
        var apiCpu = cpu64 is null || wrk64 is null || wrk64.Requests == 0 ? double.NaN : cpu64.Api / tick / wrk64.Requests * 1e6;
        var bytes = counters is null || wrk64 is null ? double.NaN : Allocation(counters) / wrk64.RequestsPerSecond;
        if (counters is not null && wrk64 is not null)
        {
            r.AppendLine(Invariant, $"  .NET runtime in that run (dotnet-counters, {counters.Samples} one-second samples): {bytes / 1024:F1} KB allocated per request, " +
                $"GC per second gen0 {GcRate(counters, "0"):F1} / gen1 {GcRate(counters, "1"):F2} / gen2 {GcRate(counters, "2"):F2}, " +
                $"GC pauses {counters.Mean("dotnet.gc.pause.time (s / 1 sec)") * 1000:F1} ms/s, lock contentions {counters.Mean("dotnet.monitor.lock_contentions ({contention} / 1 sec)"):F0}/s.");
        }

        var cpuMet = apiCpu <= TargetApiCpuUs;
        var bytesMet = bytes <= TargetApiBytes;
        targets.Add(($"API CPU ≤ {TargetApiCpuUs} µs/request", cpuMet));
        targets.Add(($"API ≤ {TargetApiBytes / 1024} KB allocated/request", bytesMet));
        r.AppendLine(Invariant, $"Target, many keys at {TargetConnections} connections: API CPU ≤ {TargetApiCpuUs} µs per request: {Met(cpuMet)} ({N(apiCpu, "F0")} µs); ≤ {TargetApiBytes / 1024} KB allocated per request: {Met(bytesMet)} ({N(bytes / 1024, "F1")} KB)");
    }

    private static double FloorCpuPerRequest(RunResults run, int connections, double tick)
    {
        var wrk = run.Wrk($"floor-{connections}");
        var cpu = run.Cpu($"floor-{connections}");
        return wrk is null || cpu is null || wrk.Requests == 0 ? double.NaN : cpu.Api / tick / wrk.Requests * 1e6;
    }

    // dotnet-counters' System.Runtime meter (.NET 9+): a rate per one-second interval.
    private static double Allocation(CounterSummary counters) => counters.Mean("dotnet.gc.heap.total_allocated (By / 1 sec)");

    private static double GcRate(CounterSummary counters, string generation) =>
        counters.Counters.Where(c => c.Key.StartsWith("dotnet.gc.collections", StringComparison.Ordinal) && c.Key.Contains($"gc.heap.generation=gen{generation}", StringComparison.Ordinal)).Sum(c => c.Value.Mean);

    private static void ColdStart(RunResults run, StringBuilder r, List<(string, bool)> targets)
    {
        r.AppendLine();
        var cold = run.Wrk("cold");
        var warm = run.Wrk($"many-{TargetConnections}");
        var steps = run.AllTagged("warmup.txt", "WARM_STEP").Select(v => RunResults.Double(v, "req_per_s")).ToList();
        var ratio = cold?.RequestsPerSecond / warm?.RequestsPerSecond ?? double.NaN;
        var p99Factor = cold?.P99Ms / warm?.P99Ms ?? double.NaN;
        var ready = run.Number("api_ready_ms");
        var soakReady = run.Number("soak_ready_ms");
        var readyWorst = double.IsNaN(soakReady) ? ready : Math.Max(ready, soakReady);
        targets.Add(($"start → ready ≤ {TargetReadyMs / 1000:F0} s", readyWorst <= TargetReadyMs));
        targets.Add(($"first {run.Setting("cold")} s after ready ≥ {TargetColdRatio:P0} of warm", ratio >= TargetColdRatio));
        targets.Add(($"p99 in the first {run.Setting("cold")} s ≤ {TargetColdP99Factor}× warm p99", p99Factor <= TargetColdP99Factor));
        r.AppendLine(Invariant, $"Start → ready (process start to the first 200 from /health/ready, warm-up included): {N(ready, "N0")} ms (answering /health/live after {N(run.Number("api_live_ms"), "N0")} ms); the soak's new process: {N(soakReady, "N0")} ms");
        r.AppendLine(Invariant, $"  warm-up (its /health/ready entry): {run.Setting("api_warmup", "not reported")}; the soak's: {run.Setting("soak_warmup", "not reported")}");
        r.AppendLine(Invariant, $"Cold start: the first {run.Setting("cold")} s of many-keys load at {TargetConnections} connections from the moment the new process was ready: {N(cold?.RequestsPerSecond, "N0")} req/s, p99 {N(cold?.P99Ms, "F1")} ms, {N(cold is null ? null : cold.Non2xx + cold.SocketErrors, "N0")} errors");
        if (run.Counters("cold") is { } jit)
        {
            r.AppendLine(Invariant, $"  JIT during it (dotnet-counters): {jit.Mean("dotnet.jit.compiled_methods ({method} / 1 sec)"):F0} methods/s, {jit.Mean("dotnet.jit.compilation.time (s / 1 sec)") * 1000:F0} ms/s compiling");
        }

        r.AppendLine(Invariant, $"  then 5 s steps until the rate stopped rising: {string.Join(" → ", steps.Select(v => v.ToString("N0", Invariant)))} req/s; warm (the measured many-keys {TargetConnections}-connection point): {N(warm?.RequestsPerSecond, "N0")} req/s, p99 {N(warm?.P99Ms, "F1")} ms");
        r.AppendLine(Invariant, $"  Targets: start → ready ≤ {TargetReadyMs / 1000:F0} s: {Met(readyWorst <= TargetReadyMs)} ({N(readyWorst / 1000, "F1")} s, the slower start); first {run.Setting("cold")} s ≥ {TargetColdRatio:P0} of warm: {Met(ratio >= TargetColdRatio)} ({Percent(ratio)}); p99 ≤ {TargetColdP99Factor}× warm: {Met(p99Factor <= TargetColdP99Factor)} ({N(p99Factor, "F1")}×)");
    }

    private static void OpenLoop(RunResults run, StringBuilder r, List<(string, bool)> targets)
    {
        var loads = run.Setting("open_loads", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l, Invariant)).ToList();
        if (loads.Count == 0 || run.Open($"open-{run.Mixes[0]}-{loads[0]}") is null)
        {
            return;
        }

        var tick = run.Number("clk_tck");
        r.AppendLine();
        r.AppendLine(Invariant, $"Open loop (Agentsgt.Benchmarks open: a fixed arrival rate, latency from each request's scheduled send time, wrk2's way; {run.Setting("open_connections")} connections; {run.Setting("open_seconds")} s per point after 2 s at the same rate, on the warm process)");
        var rows = new List<string[]>();
        foreach (var mix in run.Mixes)
        {
            foreach (var load in loads)
            {
                var open = run.Open($"open-{mix}-{load}");
                var cpu = run.Cpu($"open-{mix}-{load}");
                var apiUs = open is null || cpu is null || open.Requests == 0 ? double.NaN : cpu.Api / tick / open.Requests * 1e6;
                rows.Add(OpenRow(MixName(mix), load, open, apiUs));
            }
        }

        foreach (var load in loads)
        {
            if (run.Open($"open-floor-{load}") is { } floor)
            {
                rows.Add(OpenRow("floor", load, floor, double.NaN));
            }
        }

        Table(r, ["mix", "load", "offered req/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "from send p99", "schedule lag p99", "non-2xx+err", "API µs/req"], rows);
        r.AppendLine("  load = per cent of the mix's best closed-loop rate; from send = latency from the moment the request was handed to the client (no queueing before it);");
        r.AppendLine("  schedule lag = how late the generator sent (its own overhead, counted in every latency); floor = the same generator against the no-database floor app at the many-keys rates.");
        foreach (var mix in run.Mixes)
        {
            var half = run.Open($"open-{mix}-{HalfLoad}");
            var threeQuarter = run.Open($"open-{mix}-{ThreeQuarterLoad}");
            var worst = loads.Select(l => run.Open($"open-{mix}-{l}")?.MaxMs ?? double.NaN).DefaultIfEmpty(double.NaN).Max();
            if (half is not null)
            {
                targets.Add(($"{MixName(mix)} open loop {HalfLoad} %: p99 ≤ {TargetHalfLoadP99Ms} ms", half.P99Ms <= TargetHalfLoadP99Ms));
            }

            if (threeQuarter is not null)
            {
                targets.Add(($"{MixName(mix)} open loop {ThreeQuarterLoad} %: p99 ≤ {TargetThreeQuarterLoadP99Ms} ms", threeQuarter.P99Ms <= TargetThreeQuarterLoadP99Ms));
            }

            targets.Add(($"{MixName(mix)} open loop: no request over {TargetOpenMaxMs} ms", worst <= TargetOpenMaxMs));
            string Point(OpenResult? point, double target) => point is null ? "not run" : string.Create(Invariant, $"{Met(point.P99Ms <= target)} ({N(point.P99Ms, "F1")} ms)");
            r.AppendLine(Invariant, $"  Targets, {MixName(mix)}: {HalfLoad} % p99 ≤ {TargetHalfLoadP99Ms} ms: {Point(half, TargetHalfLoadP99Ms)}; {ThreeQuarterLoad} % p99 ≤ {TargetThreeQuarterLoadP99Ms} ms: {Point(threeQuarter, TargetThreeQuarterLoadP99Ms)}; no request over {TargetOpenMaxMs} ms at any load: {Met(worst <= TargetOpenMaxMs)} (max {N(worst, "F1")} ms)");
        }
    }

    private static string[] OpenRow(string name, int load, OpenResult? open, double apiUs) =>
    [
        name, $"{load} %", N(open?.Rate, "N0"), N(open?.P50Ms, "F2"), N(open?.P99Ms, "F2"), N(open?.P999Ms, "F1"), N(open?.MaxMs, "F1"),
        N(open?.SendP99Ms, "F2"), N(open?.LagP99Ms, "F2"), N(open is null ? null : open.Non2xx + open.Errors, "N0"), N(apiUs, "N0"),
    ];

    private static void Soak(RunResults run, StringBuilder r, List<(string, bool)> targets)
    {
        var intervals = run.OpenIntervals("soak");
        if (intervals.Count == 0)
        {
            r.AppendLine();
            r.AppendLine("Soak: not run (BENCH_SOAK=0).");
            return;
        }

        var interval = (int)run.Number("soak_interval");
        var samples = run.SoakSamples();
        var gc = run.GcPerInterval("soak", interval);
        r.AppendLine();
        r.AppendLine(Invariant, $"Soak: open loop, many keys, {run.Setting("soak_rate")} req/s ({run.Setting("soak_load")} % of the best closed-loop rate) for {run.Setting("soak")} s on a new process, from the moment it was ready; one line per {interval} s");
        var rows = new List<string[]>();
        SoakSample? previous = samples.Count > 0 ? samples[0] : null;
        for (var i = 0; i < intervals.Count; i++)
        {
            var window = samples.Where(s => (s.Second - 1) / interval == i).ToList();
            var counts = i < gc.Count ? gc[i] : null;
            var last = window.Count > 0 ? window[^1] : null;
            rows.Add(
            [
                I(i + 1), I(intervals[i].Requests), N(intervals[i].P50Ms, "F2"), N(intervals[i].P99Ms, "F2"), N(intervals[i].P999Ms, "F1"), N(intervals[i].MaxMs, "F1"),
                N(window.Count == 0 ? double.NaN : window.Average(s => s.RssKb) / 1024.0, "F0"), N(window.Count == 0 ? double.NaN : window.Max(s => s.DbConnections), "N0"),
                counts is null ? "-" : string.Create(Invariant, $"{counts[0]} / {counts[1]} / {counts[2]}"),
                N(last is null || previous is null ? double.NaN : last.Checkpoints - previous.Checkpoints, "N0"),
                N(last is null || previous is null ? double.NaN : last.Autovacuums - previous.Autovacuums, "N0"),
                N(window.Count == 0 ? double.NaN : window.Max(s => s.DeadRows), "N0"),
            ]);
            previous = last ?? previous;
        }

        Table(r, ["interval", "requests", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "RSS MB", "DB conns (max)", "GC gen0 / gen1 / gen2", "checkpoints", "autovacuum api_keys", "dead rows (max)"], rows);
        r.AppendLine("  checkpoints, autovacuum (and autoanalyze) runs of api_keys: how many ended in the interval; dead rows: api_keys' n_dead_tup (PostgreSQL's statistics, updated about once a second).");
        var total = run.Open("soak");
        r.AppendLine(Invariant, $"  whole soak: {N(total?.Requests, "N0")} requests, {N(total is null ? null : total.Non2xx + total.Errors, "N0")} non-2xx or errors, p99 {N(total?.P99Ms, "F2")} ms, p99.9 {N(total?.P999Ms, "F1")} ms, max {N(total?.MaxMs, "F1")} ms");

        var worst = intervals.Max(i => i.P99Ms);
        targets.Add(($"soak: every interval's p99 ≤ {TargetSoakP99Ms} ms", worst <= TargetSoakP99Ms));
        var line = $"  Targets: every interval's p99 ≤ {TargetSoakP99Ms} ms, the first included: {Met(worst <= TargetSoakP99Ms)} (worst {N(worst, "F2")} ms)";
        if (intervals.Count >= 3)
        {
            var drift = (intervals[^1].P99Ms - intervals[1].P99Ms) / intervals[1].P99Ms;
            targets.Add(($"soak: last interval's p99 within {TargetSoakDrift:P0} of the second's", drift <= TargetSoakDrift));
            line += string.Create(Invariant, $"; no drift (last interval's p99 within {TargetSoakDrift:P0} of the second's): {Met(drift <= TargetSoakDrift)} ({drift:+0%;-0%})");
            var rss = rows.Select(row => double.TryParse(row[6], NumberStyles.Float, Invariant, out var v) ? v : double.NaN).ToList();
            var rssChange = (rss[^1] - rss[1]) / rss[1];
            targets.Add(("soak: RSS flat ±10 %", Math.Abs(rssChange) <= 0.10));
            line += string.Create(Invariant, $"; RSS flat ±10 % (last interval against the second): {Met(Math.Abs(rssChange) <= 0.10)} ({rssChange:+0.0%;-0.0%})");
        }
        else
        {
            line += "; drift and RSS: not checked (fewer than 3 intervals)";
        }

        r.AppendLine(line);
    }

    private static void GcModes(RunResults run, StringBuilder r)
    {
        var modes = run.Setting("gc_modes", string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (modes.Length == 0)
        {
            return;
        }

        var tick = run.Number("clk_tck");
        r.AppendLine();
        r.AppendLine(Invariant, $"GC modes (BENCH_GC_MODES; each a new API process with the runtime's DOTNET_gc* switches): closed loop {run.Mixes[0]} mix at {TargetConnections} connections, then open loop at 50 % of the main run's best rate");
        var rows = new List<string[]>();
        foreach (var mode in modes)
        {
            var wrk = run.Wrk($"gc-{mode}");
            var cpu = run.Cpu($"wrk-gc-{mode}");
            var open = run.Open($"open-gc-{mode}");
            rows.Add(
            [
                mode, N(run.Number($"gc_{mode}_ready_ms"), "N0"), N(wrk?.RequestsPerSecond, "N0"),
                N(wrk is null || cpu is null || wrk.Requests == 0 ? double.NaN : cpu.Api / tick / wrk.Requests * 1e6, "N0"),
                N(open?.P50Ms, "F2"), N(open?.P99Ms, "F2"), N(open?.P999Ms, "F1"), N(open?.MaxMs, "F1"), N(run.Number($"gc_{mode}_rss_kb_end") / 1024, "F0"),
            ]);
        }

        Table(r, ["mode", "ready ms", "closed req/s", "API µs/req", "open p50", "open p99", "open p99.9", "open max", "RSS MB at end"], rows);
    }

    private static void TimingOracle(RunResults run, StringBuilder r)
    {
        if (run.Tagged("timing.txt", "TIMING_RESULT") is not { } v)
        {
            return;
        }

        r.AppendLine();
        r.AppendLine(Invariant, $"Unknown public key against wrong secret (contract check 2, issue 12.5): {N(RunResults.Double(v, "pairs"), "N0")} pairs, each the two requests back to back in random order, one at a time");
        r.AppendLine(Invariant, $"  median unknown {N(RunResults.Double(v, "median_unknown_us"), "F0")} µs, median wrong secret {N(RunResults.Double(v, "median_wrong_us"), "F0")} µs, median paired difference (wrong − unknown) {N(RunResults.Double(v, "median_diff_us"), "F1")} µs; " +
            $"wrong slower in {N(RunResults.Double(v, "wrong_slower"), "N0")} pairs, sign test z = {N(RunResults.Double(v, "z"), "F2")} (|z| < 2: no difference at ~95 %)");
    }

    private static void LastUsedAt(RunResults run, StringBuilder r, List<(string, bool)> targets)
    {
        r.AppendLine();
        var check = run.ReadOptional("last-used.env") is { } text
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal)
            : null;
        var keys = RunResults.Double(check, "keys");
        var matching = RunResults.Double(check, "matching");
        var met = check is not null && keys > 0 && matching == keys;
        targets.Add(("last_used_at of every key = its last request", met));
        r.AppendLine(Invariant, $"last_used_at after the run: one more request per key ({N(keys, "N0")} keys, {N(RunResults.Double(check, "ok_responses"), "N0")} answered 200), then read {N(RunResults.Double(check, "checked_after_ms"), "N0")} ms after the last one (flush bound {run.Setting("flush_seconds")} s)");
        r.AppendLine(Invariant, $"  Target every key's last_used_at within its last request's window: {Met(met)} ({N(matching, "N0")} of {N(keys, "N0")})");
    }

    private static void Signer(RunResults run, StringBuilder r, List<(string, bool)> targets)
    {
        r.AppendLine();
        var bdn = run.AllTagged("signer-bdn.txt", "SIGNER_RESULT");
        var oursBdn = bdn.FirstOrDefault(v => v.GetValueOrDefault("method") == "ours");
        if (bdn.Count > 0)
        {
            r.AppendLine(Invariant, $"Signer, BenchmarkDotNet 0.15.8 ({bdn[0].GetValueOrDefault("job", "?")} job, [MemoryDiagnoser])");
            Table(r, ["method", "ns/token", "bytes/token"],
            [
                .. bdn.Select(v => new[]
                {
                    v.GetValueOrDefault("method") == "ours" ? "LiveKitTokenSigner.Sign (ours)" : "naive JwtSecurityTokenHandler",
                    N(RunResults.Double(v, "mean_ns"), "N0"),
                    N(RunResults.Double(v, "alloc_bytes"), "N0"),
                }),
            ]);
        }
        else
        {
            r.AppendLine("Signer, BenchmarkDotNet: not run (BENCH_SIGNER_JOB=skip)");
        }

        var rates = new[] { "ours", "naive", "node" }.Select(impl => (impl, v: run.Tagged($"signer-rate-{impl}.txt", "RATE_RESULT"))).ToList();
        if (rates.All(x => x.v is null))
        {
            r.AppendLine("Signer rates: not measured (BENCH_SIGNER=0).");
            return;
        }

        r.AppendLine(Invariant, $"Signer on one core ({run.Setting("pinned")}), {run.Setting("signer_seconds")} s each after {run.Setting("warmup")} s warm-up, one token after another");
        Table(r, ["implementation", "tokens/s", "tokens per CPU-second", "CPU share"],
        [
            .. rates.Select(x => new[]
            {
                x.impl switch { "ours" => "ours (LiveKitTokenSigner)", "naive" => "naive JwtSecurityTokenHandler", _ => $"LiveKit Node SDK {x.v?.GetValueOrDefault("sdk", "?")} (node {x.v?.GetValueOrDefault("node", "?")})" },
                N(RunResults.Double(x.v, "tokens_per_s"), "N0"),
                N(PerCpuSecond(x.v), "N0"),
                Percent(RunResults.Double(x.v, "cpu_seconds") / RunResults.Double(x.v, "seconds")),
            }),
        ]);

        var ours = rates[0].v;
        var node = rates[2].v;
        var speedup = PerCpuSecond(ours) / PerCpuSecond(node);
        var wallSpeedup = RunResults.Double(ours, "tokens_per_s") / RunResults.Double(node, "tokens_per_s");
        var speedMet = speedup >= TargetSpeedupOverNode;
        targets.Add(("signer ≥ 3× Node per core", speedMet));
        r.AppendLine(Invariant, $"  Target ours ≥ {TargetSpeedupOverNode}× Node per core: {Met(speedMet)} ({N(speedup, "F2")}× per CPU-second; {N(wallSpeedup, "F2")}× wall clock)");
        r.AppendLine("  (per CPU-second divides by the CPU time the process got on its core, so another process sharing that core does not count against it)");

        var bytes = RunResults.Double(oursBdn, "alloc_bytes");
        var source = "BenchmarkDotNet";
        if (double.IsNaN(bytes))
        {
            bytes = RunResults.Double(ours, "bytes_per_token");
            source = "signer-rate";
        }

        var allocMet = bytes <= TargetBytesPerToken;
        targets.Add(("signer ≤ 2 KB per token", allocMet));
        r.AppendLine(Invariant, $"  Target ≤ {TargetBytesPerToken:N0} bytes allocated per token: {Met(allocMet)} ({N(bytes, "N0")} bytes, {source})");
    }

    private static double PerCpuSecond(Dictionary<string, string>? rate) =>
        RunResults.Double(rate, "tokens") / RunResults.Double(rate, "cpu_seconds");

    private static double ParseFirst(string text) =>
        double.TryParse(text.Split(' ')[0], NumberStyles.Float, Invariant, out var v) ? v : double.NaN;

    private static string MixName(string mix) => mix == "hot" ? "hot key" : "many keys";

    private static string Met(bool met) => met ? "met" : "NOT MET";

    private static string Check(bool ok) => ok ? "ok" : "no";

    private static string I(long value) => value.ToString("N0", Invariant);

    private static string N(double? value, string format) =>
        value is null || double.IsNaN(value.Value) || double.IsInfinity(value.Value) ? "-" : value.Value.ToString(format, Invariant);

    private static string Percent(double? value) => N(value * 100, "F0") is var p && p != "-" ? p + " %" : p;

    /// <summary>A plain-text table: first two columns left-aligned, numbers right-aligned.</summary>
    private static void Table(StringBuilder r, string[] headers, List<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(row => row[i].Length))).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((cell, i) => i < 1 || (i == 1 && !char.IsAsciiDigit(cell.FirstOrDefault())) ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd();
        r.AppendLine(Line(headers));
        r.AppendLine("  " + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            r.AppendLine(Line(row));
        }
    }
}
