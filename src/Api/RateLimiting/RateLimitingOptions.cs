namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// Section <c>RateLimiting</c>. Per API key token bucket: a burst of <c>PerKeyTokenLimit</c>
/// requests, refilled by <c>PerKeyTokensPerPeriod</c> every <c>PerKeyReplenishmentSeconds</c>.
/// Limits are per process: N instances allow N times as much.
/// </summary>
public sealed class RateLimitingOptions
{
    public const string SectionName = "RateLimiting";

    public int PerKeyTokenLimit { get; set; } = 200;

    public int PerKeyTokensPerPeriod { get; set; } = 100;

    public double PerKeyReplenishmentSeconds { get; set; } = 1;
}
