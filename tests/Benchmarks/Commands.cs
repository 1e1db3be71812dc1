using System.Globalization;
using Agentsgt.Benchmarks.Floor;
using Agentsgt.Benchmarks.Load;
using Agentsgt.Benchmarks.Report;
using Agentsgt.Benchmarks.Run;
using Agentsgt.Benchmarks.Seeding;
using Agentsgt.Benchmarks.Signer;
using Agentsgt.Benchmarks.Sql;

namespace Agentsgt.Benchmarks;

/// <summary>The benchmark harness's commands; scripts/bench.sh runs <c>run</c>, which runs the others.</summary>
public static class Commands
{
    private const string Usage = """
        Usage: Agentsgt.Benchmarks <command> [options]
          run --api-dir DIR --repo DIR --out DIR --pg-port PORT --postmaster PID
              the whole benchmark (scripts/bench.sh runs it; settings from BENCH_* variables)
          floor --urls URL
              the framework floor: a minimal ASP.NET Core app answering the token request
              without a database (LiveKit__* settings from the environment)
          seed --connection CS --pepper-id ID --pepper P [--count 1000] --out FILE
              organizations, agents and API keys through the Infrastructure layer; one
              tab-separated line per key (agent, organization, key id, public key, secret)
          open --url URL --keys FILE --mix many|hot --rate N --seconds N [--connections 128] [--interval 0] [--warmup 0]
              open-loop load: N requests per second on a fixed schedule, latency from each
              request's scheduled send time; per-interval lines when --interval is set
          db-cost --connection CS --keys FILE [--calls 2000] [--warmup 500] [--parallel 16]
              the API-side CPU of each database call of a token request, through the real
              repositories, from several callers at once
          signer [--short] [--artifacts DIR]
              BenchmarkDotNet: LiveKitTokenSigner.Sign beside a naive JwtSecurityTokenHandler
          signer-rate [--impl ours|naive] [--seconds 10] [--warmup 3]
              tokens per second on one thread (run it under taskset -c 0)
          report --dir DIR
              the report of a run again, from the raw outputs in DIR
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }

            if (args[0] == "floor")
            {
                await FloorApp.RunAsync(args[1..]).ConfigureAwait(false);
                return 0;
            }

            var options = Options.Parse(args.AsSpan(1));
            switch (args[0])
            {
                case "run":
                    return await BenchRun.RunAsync(
                        options.Required("--api-dir"),
                        options.Required("--repo"),
                        options.Required("--out"),
                        options.Int("--pg-port", 0, 1, 65535),
                        options.Int("--postmaster", 0, 1, int.MaxValue)).ConfigureAwait(false);
                case "seed":
                    await BenchmarkSeeder.RunAsync(
                        options.Required("--connection"),
                        options.Required("--pepper-id"),
                        options.Required("--pepper"),
                        options.Int("--count", 1000, 1, 100_000),
                        options.Required("--out")).ConfigureAwait(false);
                    return 0;
                case "open":
                    await OpenLoop.RunAsync(
                        options.Required("--url"),
                        options.Required("--keys"),
                        options.Value("--mix") is "hot" ? "hot" : "many",
                        options.Int("--rate", 0, 1, 1_000_000),
                        options.Int("--seconds", 0, 1, 7200),
                        options.Int("--connections", 128, 1, 4096),
                        options.Int("--interval", 0, 0, 3600),
                        options.Int("--warmup", 0, 0, 600)).ConfigureAwait(false);
                    return 0;
                case "db-cost":
                    await DbCallCost.RunAsync(
                        options.Required("--connection"),
                        options.Required("--keys"),
                        options.Int("--calls", 2000, 1, 1_000_000),
                        options.Int("--warmup", 500, 0, 1_000_000),
                        options.Int("--parallel", 16, 1, 256)).ConfigureAwait(false);
                    return 0;
                case "signer":
                    SignerBenchmarkRunner.Run(options.Flag("--short"), options.Value("--artifacts"));
                    return 0;
                case "signer-rate":
                    SignerRate.Run(
                        options.Value("--impl") ?? "ours",
                        options.Int("--seconds", 10, 1, 3600),
                        options.Int("--warmup", 3, 0, 3600));
                    return 0;
                case "report":
                    return BenchReport.Print(options.Required("--dir"));
                default:
                    await Console.Error.WriteLineAsync($"error: unknown command '{args[0]}'\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (InvalidDataException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary><c>--name value</c> pairs and bare <c>--flag</c>s.</summary>
    private sealed class Options
    {
        private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

        public static Options Parse(ReadOnlySpan<string> args)
        {
            var options = new Options();
            for (var i = 0; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"unexpected argument '{args[i]}'");
                }

                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                options._values[args[i]] = hasValue ? args[++i] : null;
            }

            return options;
        }

        public string? Value(string name) => _values.GetValueOrDefault(name);

        public bool Flag(string name) => _values.ContainsKey(name);

        public string Required(string name) =>
            Value(name) is { Length: > 0 } value ? value : throw new ArgumentException($"option {name} is required");

        public int Int(string name, int fallback, int min, int max)
        {
            var text = Value(name);
            if (text is null)
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw new ArgumentException($"option {name} must be an integer {min}–{max}");
        }
    }
}
