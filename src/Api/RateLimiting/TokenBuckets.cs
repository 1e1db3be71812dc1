using System.Threading.RateLimiting;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// Makes every token bucket of the service: this process's own when Redis is not configured,
/// otherwise one shared through Redis with this process's own as the fallback.
/// </summary>
public sealed class TokenBuckets(SharedLimitStore? store)
{
    /// <summary>A bucket for <paramref name="partition"/> (unique across all limits, e.g. <c>key:{id}</c>: it names the Redis key).</summary>
    public RateLimiter Create(string partition, TokenBucketRateLimiterOptions options) =>
        store is null ? new TokenBucketRateLimiter(options) : new SharedOrLocalLimiter(store, partition, options);

    /// <summary>A bucket of <paramref name="tokenLimit"/>, refilled by <paramref name="tokensPerPeriod"/> each period; no queue.</summary>
    public static TokenBucketRateLimiterOptions Options(int tokenLimit, int tokensPerPeriod, TimeSpan period) => new()
    {
        TokenLimit = tokenLimit,
        TokensPerPeriod = tokensPerPeriod,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
