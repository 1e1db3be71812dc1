using System.Diagnostics;
using System.Globalization;
using Agentsgt.Application.Common.Interfaces;

namespace Agentsgt.Benchmarks.Signer;

/// <summary>
/// Tokens per second on one thread for a fixed time, the same way node/sign-rate.mjs measures
/// LiveKit's SDK; bench.sh pins both to one core, so the ratio is per core.
/// </summary>
public static class SignerRate
{
    private const int Batch = 256;

    public static void Run(string implementation, int seconds, int warmupSeconds)
    {
        var grant = TokenSample.Grant();
        var sign = Create(implementation);
        Loop(sign, grant, TimeSpan.FromSeconds(warmupSeconds));
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var gen0Before = GC.CollectionCount(0);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var tokens = Loop(sign, grant, TimeSpan.FromSeconds(seconds));
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RATE_RESULT impl={implementation} tokens={tokens} seconds={elapsed:F3} tokens_per_s={tokens / elapsed:F0} ns_per_token={elapsed * 1e9 / tokens:F0} cpu_seconds={cpu:F3} bytes_per_token={(double)allocated / tokens:F0} gen0={GC.CollectionCount(0) - gen0Before}"));
    }

    private static Func<VoiceGrant, string> Create(string implementation)
    {
        switch (implementation)
        {
            case "ours":
                var ours = TokenSample.CreateSigner();
                return grant => ours.Sign(grant).Token;
            case "naive":
                return new NaiveJwtSigner(TokenSample.ApiKey, TokenSample.ApiSecret).Sign;
            default:
                throw new ArgumentException("--impl must be ours or naive");
        }
    }

    private static long Loop(Func<VoiceGrant, string> sign, VoiceGrant grant, TimeSpan duration)
    {
        long tokens = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < Batch; i++)
            {
                GC.KeepAlive(sign(grant));
            }

            tokens += Batch;
        }

        return tokens;
    }
}
