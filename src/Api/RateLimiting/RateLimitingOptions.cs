namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// Token buckets (a burst of <c>…TokenLimit</c>, refilled by <c>…TokensPerPeriod</c> every
/// <c>…ReplenishmentSeconds</c>) per key, per address for failed authentications, and for
/// publishable keys (<see cref="PublishableKeyLimits"/>); per deployment while Redis is in use.
/// </summary>
public sealed class RateLimitingOptions : IValidatedOptions
{
    public const string SectionName = "RateLimiting";

    public int PerKeyTokenLimit { get; set; } = 200;

    public int PerKeyTokensPerPeriod { get; set; } = 100;

    public double PerKeyReplenishmentSeconds { get; set; } = 1;

    public int FailedAuthPerAddressTokenLimit { get; set; } = 30;

    public int FailedAuthPerAddressTokensPerPeriod { get; set; } = 10;

    public double FailedAuthPerAddressReplenishmentSeconds { get; set; } = 60;

    public int PublishablePerKeyTokenLimit { get; set; } = 60;

    public int PublishablePerKeyTokensPerPeriod { get; set; } = 10;

    public double PublishablePerKeyReplenishmentSeconds { get; set; } = 1;

    public int PublishablePerAddressTokenLimit { get; set; } = 10;

    public int PublishablePerAddressTokensPerPeriod { get; set; } = 10;

    public double PublishablePerAddressReplenishmentSeconds { get; set; } = 60;

    public IEnumerable<string> Problems()
    {
        if (PerKeyTokenLimit < 1 || PerKeyTokensPerPeriod < 1 || PerKeyReplenishmentSeconds <= 0)
        {
            yield return "RateLimiting: PerKeyTokenLimit and PerKeyTokensPerPeriod must be at least 1, PerKeyReplenishmentSeconds above 0.";
        }

        if (FailedAuthPerAddressTokenLimit < 1 || FailedAuthPerAddressTokensPerPeriod < 1 || FailedAuthPerAddressReplenishmentSeconds <= 0)
        {
            yield return "RateLimiting: FailedAuthPerAddressTokenLimit and FailedAuthPerAddressTokensPerPeriod must be at least 1, FailedAuthPerAddressReplenishmentSeconds above 0.";
        }

        if (PublishablePerKeyTokenLimit < 1 || PublishablePerKeyTokensPerPeriod < 1 || PublishablePerKeyReplenishmentSeconds <= 0)
        {
            yield return "RateLimiting: PublishablePerKeyTokenLimit and PublishablePerKeyTokensPerPeriod must be at least 1, PublishablePerKeyReplenishmentSeconds above 0.";
        }

        if (PublishablePerAddressTokenLimit < 1 || PublishablePerAddressTokensPerPeriod < 1 || PublishablePerAddressReplenishmentSeconds <= 0)
        {
            yield return "RateLimiting: PublishablePerAddressTokenLimit and PublishablePerAddressTokensPerPeriod must be at least 1, PublishablePerAddressReplenishmentSeconds above 0.";
        }
    }
}
