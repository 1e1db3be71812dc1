using System.Threading.RateLimiting;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>Makes the service's token buckets: shared by every instance when Redis is configured, this process's own otherwise.</summary>
public interface ITokenBuckets
{
    /// <summary>A bucket for <paramref name="partition"/> (unique across all limits, e.g. <c>key:{id}</c>: it names the Redis key).</summary>
    RateLimiter Create(string partition, TokenBucketRateLimiterOptions options);
}
