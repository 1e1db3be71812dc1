using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace Agentsgt.Benchmarks.Signer;

public static class SignerBenchmarkRunner
{
    public static void Run(bool shortJob, string? artifactsPath)
    {
        var sample = TokenSample.Grant();
        TokenCheck.EnsureEquivalent(
            TokenSample.CreateSigner().Sign(sample).Token,
            new NaiveJwtSigner(TokenSample.ApiKey, TokenSample.ApiSecret).Sign(sample));

        var config = DefaultConfig.Instance.AddJob(shortJob ? Job.ShortRun : Job.Default);
        if (artifactsPath is not null)
        {
            config = config.WithArtifactsPath(artifactsPath);
        }

        var summary = BenchmarkRunner.Run<SignerBenchmarks>(config);

        // One machine-readable line per method for scripts/bench.sh's report.
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
            var mean = report.ResultStatistics?.Mean ?? double.NaN;
            var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? -1;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"SIGNER_RESULT method={(name == SignerNames.Ours ? "ours" : "naive")} mean_ns={mean:F1} alloc_bytes={bytes} job={(shortJob ? "ShortRun" : "Default")}"));
        }

        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
        {
            throw new InvalidDataException("BenchmarkDotNet reported a failed benchmark (see above)");
        }
    }
}
