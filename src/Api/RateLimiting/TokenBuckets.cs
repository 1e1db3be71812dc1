using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

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

    /// <summary>The same bucket on Redis (RedisRateLimiting's options: no queue there either).</summary>
    public static RedisTokenBucketRateLimiterOptions OnRedis(Func<IConnectionMultiplexer> redis, TokenBucketRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = redis,
            TokenLimit = options.TokenLimit,
            TokensPerPeriod = options.TokensPerPeriod,
            ReplenishmentPeriod = options.ReplenishmentPeriod,
        };
    }
}
