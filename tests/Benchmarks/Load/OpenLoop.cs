using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;

namespace Agentsgt.Benchmarks.Load;

/// <summary>
/// Open-loop load, as wrk2 makes it: requests go out on a fixed schedule whatever the answers do,
/// and each latency is measured from the request's scheduled send time, so a stall counts for every
/// request that should have been sent during it (no coordinated omission). Sending runs on the
/// thread pool over a pool of keep-alive connections, so a slow answer never holds back the schedule;
/// how late the schedule itself ran is reported (<c>lag_*</c>) beside the latency from the actual send.
/// One <c>OPEN_RESULT</c> line, and one <c>OPEN_INTERVAL</c> line per interval when asked.
/// </summary>
public static class OpenLoop
{
    private static readonly byte[] Body = """{"roomName":"support-room-001","visitorName":"John Doe"}"""u8.ToArray();
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static async Task RunAsync(string url, string keysFile, string mix, int rate, int seconds, int connections, int intervalSeconds, int warmupSeconds)
    {
        if (rate < 1 || seconds < 1)
        {
            throw new ArgumentException("--rate and --seconds are required");
        }

        if ((long)rate * seconds > 50_000_000)
        {
            throw new ArgumentException("rate × seconds is over 50 million requests");
        }

        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        var targets = Targets(keysFile, mix);
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };

        // Every connection opened before the clock starts: connecting is not what is measured.
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => client.GetAsync(new Uri("/health/live", UriKind.Relative)))).ConfigureAwait(false);
        if (warmupSeconds > 0)
        {
            await new Run(client, targets, rate, warmupSeconds).ExecuteAsync().ConfigureAwait(false);
        }

        var run = new Run(client, targets, rate, seconds);
        await run.ExecuteAsync().ConfigureAwait(false);

        var output = new StringBuilder();
        if (intervalSeconds > 0)
        {
            var perInterval = (long)rate * intervalSeconds;
            for (var (start, n) = (0L, 1); start < run.Total; start += perInterval, n++)
            {
                var end = Math.Min(run.Total, start + perInterval);
                output.Append(CultureInfo.InvariantCulture, $"OPEN_INTERVAL n={n} start_s={(n - 1) * intervalSeconds} ")
                    .Append(run.Describe(start, end)).Append('\n');
            }
        }

        output.Append(CultureInfo.InvariantCulture, $"OPEN_RESULT mix={mix} rate={rate} seconds={seconds} connections={connections} ")
            .Append(run.Describe(0, run.Total))
            .Append(CultureInfo.InvariantCulture, $" elapsed_s={run.Elapsed.TotalSeconds:F3} max_outstanding={run.MaxOutstanding}\n");
        Console.Write(output.ToString());
    }

    private static List<(string Path, string Authorization)> Targets(string keysFile, string mix)
    {
        var keys = File.ReadLines(keysFile)
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 5)
            .Select(parts => ($"/api/v1/agents/{parts[0]}/livekit/token", $"Bearer {parts[3]}:{parts[4]}"))
            .ToList();
        if (keys.Count == 0)
        {
            throw new ArgumentException($"no keys in {keysFile}");
        }

        return mix == "hot" ? keys.Take(1).ToList() : keys;
    }

    /// <summary>One scheduled run: per request, µs from its scheduled time and from its actual send to the full answer.</summary>
    private sealed class Run(HttpClient client, List<(string Path, string Authorization)> targets, int rate, int seconds)
    {
        private const byte NonSuccess = 1;
        private const byte Error = 2;

        private readonly int[] _scheduled = new int[(long)rate * seconds];
        private readonly int[] _sent = new int[(long)rate * seconds];
        private readonly int[] _lag = new int[(long)rate * seconds];
        private readonly byte[] _failed = new byte[(long)rate * seconds];
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _outstanding = 1;

        public long Total => _scheduled.Length;

        public long MaxOutstanding { get; private set; }

        public TimeSpan Elapsed { get; private set; }

        public async Task ExecuteAsync()
        {
            var thread = new Thread(Schedule) { IsBackground = true, Priority = ThreadPriority.AboveNormal, Name = "open-loop schedule" };
            var clock = Stopwatch.StartNew();
            thread.Start();
            await _done.Task.ConfigureAwait(false);
            Elapsed = clock.Elapsed;
        }

        public string Describe(long start, long end)
        {
            static double At(int[] sorted, double quantile) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
            var scheduled = _scheduled[(int)start..(int)end];
            var sent = _sent[(int)start..(int)end];
            var lag = _lag[(int)start..(int)end];
            Array.Sort(scheduled);
            Array.Sort(sent);
            Array.Sort(lag);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"requests={end - start} p50_us={At(scheduled, 0.5):F0} p90_us={At(scheduled, 0.9):F0} p99_us={At(scheduled, 0.99):F0} p999_us={At(scheduled, 0.999):F0} max_us={At(scheduled, 1):F0} " +
                $"send_p50_us={At(sent, 0.5):F0} send_p99_us={At(sent, 0.99):F0} send_p999_us={At(sent, 0.999):F0} lag_p99_us={At(lag, 0.99):F0} lag_max_us={At(lag, 1):F0} " +
                $"non2xx={_failed.AsSpan((int)start, (int)(end - start)).Count(NonSuccess)} errors={_failed.AsSpan((int)start, (int)(end - start)).Count(Error)}");
        }

        private void Schedule()
        {
            var ticksPerRequest = Stopwatch.Frequency / (double)rate;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < _scheduled.Length; i++)
            {
                var due = start + (long)(i * ticksPerRequest);
                long now;
                while ((now = Stopwatch.GetTimestamp()) < due)
                {
                    // Millisecond sleeps, as wrk2's timers: what is due meanwhile goes out together.
                    var ms = (due - now) * 1000 / Stopwatch.Frequency;
                    Thread.Sleep(ms >= 2 ? (int)ms - 1 : 1);
                }

                _lag[i] = Micros(now - due);
                var outstanding = Interlocked.Increment(ref _outstanding);
                if (outstanding > MaxOutstanding)
                {
                    MaxOutstanding = outstanding;
                }

                var state = (Run: this, Index: i, Due: due);
                ThreadPool.UnsafeQueueUserWorkItem(static s => _ = s.Run.SendAsync(s.Index, s.Due), state, preferLocal: false);
            }

            Complete();
        }

        private async Task SendAsync(int index, long due)
        {
            var (path, authorization) = targets.Count == 1 ? targets[0] : targets[Random.Shared.Next(targets.Count)];
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(Body) };
                request.Content.Headers.ContentType = Json;
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
                using var response = await client.SendAsync(request).ConfigureAwait(false);
                if ((int)response.StatusCode is < 200 or > 299)
                {
                    _failed[index] = NonSuccess;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                _failed[index] = Error;
            }

            var end = Stopwatch.GetTimestamp();
            _scheduled[index] = Micros(end - due);
            _sent[index] = Micros(end - sent);
            Complete();
        }

        private void Complete()
        {
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                _done.TrySetResult();
            }
        }

        private static int Micros(long ticks) => (int)Math.Min(int.MaxValue, ticks * 1_000_000 / Stopwatch.Frequency);
    }
}
