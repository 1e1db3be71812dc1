using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>This process's own buckets without Redis; otherwise RedisRateLimiting's, with this instance's share as the fallback.</summary>
public sealed class TokenBuckets(SharedLimitStore? store) : ITokenBuckets
{
    public RateLimiter Create(string partition, TokenBucketRateLimiterOptions options) =>
        store is null ? new TokenBucketRateLimiter(options) : new SharedOrLocalLimiter(store, partition, options, Share(options, store.Instances));

    /// <summary>A bucket of <paramref name="tokenLimit"/>, refilled by <paramref name="tokensPerPeriod"/> each period; no queue.</summary>
    public static TokenBucketRateLimiterOptions Options(int tokenLimit, int tokensPerPeriod, TimeSpan period) => new()
    {
        TokenLimit = tokenLimit,
        TokensPerPeriod = tokensPerPeriod,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>One instance's part of a limit shared by <paramref name="instances"/>: never above the whole together, never zero.</summary>
    public static int Share(int limit, int instances) => Math.Max(1, limit / Math.Max(1, instances));

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

    private static TokenBucketRateLimiterOptions Share(TokenBucketRateLimiterOptions options, int instances) =>
        Options(Share(options.TokenLimit, instances), Share(options.TokensPerPeriod, instances), options.ReplenishmentPeriod);
}
