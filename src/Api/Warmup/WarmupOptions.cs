namespace Agentsgt.Api.Warmup;

/// <summary><c>Warmup:*</c>: whether a new instance warms its token path before it reports ready.</summary>
public sealed class WarmupOptions : IValidatedOptions
{
    public const string SectionName = "Warmup";

    public const int MaxMaxSeconds = 300;

    /// <summary>On by default; tests that need a fast start turn it off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest the warm-up may delay readiness; the instance is ready after it whatever is left cold.</summary>
    public int MaxSeconds { get; set; } = 10;

    public IEnumerable<string> Problems()
    {
        if (MaxSeconds is < 1 or > MaxMaxSeconds)
        {
            yield return $"{SectionName}:MaxSeconds must be between 1 and {MaxMaxSeconds}.";
        }
    }
}
