using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.LiveKit;
using BenchmarkDotNet.Attributes;

namespace Agentsgt.Benchmarks.Signer;

/// <summary>ns and bytes per token: our signer beside the naive JwtSecurityTokenHandler way.</summary>
[MemoryDiagnoser]
public class SignerBenchmarks
{
    private readonly LiveKitTokenSigner _ours = TokenSample.CreateSigner();
    private readonly NaiveJwtSigner _naive = new(TokenSample.ApiKey, TokenSample.ApiSecret);
    private readonly VoiceGrant _grant = TokenSample.Grant();

    [Benchmark(Baseline = true, Description = SignerNames.Naive)]
    public string Naive() => _naive.Sign(_grant);

    [Benchmark(Description = SignerNames.Ours)]
    public string Ours() => _ours.Sign(_grant).Token;
}

public static class SignerNames
{
    public const string Ours = "LiveKitTokenSigner.Sign";
    public const string Naive = "naive JwtSecurityTokenHandler";
}
