using System.Threading.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// Where the per-address budget of failed authentications is kept: in this process, or in Redis
/// (shared by every instance) with this process's as the fallback. Three operations: whether an
/// address has a whole permit left, take one, give one back.
/// </summary>
public abstract class FailedAuthenticationBudget : IDisposable
{
    /// <summary>The store for these options: the local one, or Redis's when a shared store is configured.</summary>
    public static FailedAuthenticationBudget Create(RateLimitingOptions options, SharedLimitStore? store)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = new Local(options);
        return store is null ? local : new Shared(options, store, local);
    }

    /// <summary>At least one whole permit left (a fraction cannot pay for a failure).</summary>
    public abstract ValueTask<bool> HasPermitAsync(string address);

    /// <summary>Takes one permit; false when there was none.</summary>
    public abstract ValueTask<bool> TryTakeAsync(string address);

    /// <summary>Returns one permit taken by <see cref="TryTakeAsync"/> (never above the limit).</summary>
    public abstract ValueTask GiveBackAsync(string address);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>
    /// A bucket per address refilled continuously (FailedAuthPerAddressTokensPerPeriod per
    /// period, evenly). A bucket that would be full again is dropped by its expiry.
    /// </summary>
    internal sealed class Local(RateLimitingOptions options) : FailedAuthenticationBudget
    {
        private readonly MemoryCache _buckets = new(new MemoryCacheOptions());
        private readonly Lock _creating = new();
        private readonly double _limit = options.FailedAuthPerAddressTokenLimit;
        private readonly double _perSecond = options.FailedAuthPerAddressTokensPerPeriod / options.FailedAuthPerAddressReplenishmentSeconds;

        public override ValueTask<bool> HasPermitAsync(string address) => ValueTask.FromResult(Update(address, 0));

        public override ValueTask<bool> TryTakeAsync(string address) => ValueTask.FromResult(Update(address, -1));

        public override ValueTask GiveBackAsync(string address)
        {
            Update(address, +1);
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _buckets.Dispose();
            }
        }

        /// <summary>Refills, then applies <paramref name="change"/> if it leaves at least 0; true when at least one permit was there.</summary>
        private bool Update(string address, int change)
        {
            var now = Environment.TickCount64;
            var bucket = _buckets.Get<Bucket>(address);
            if (bucket is null)
            {
                if (change >= 0)
                {
                    return true; // absent means full
                }

                // MemoryCache.GetOrCreate is not atomic: two first failures at once could each
                // create a full bucket, and one would be lost (31 of a budget of 30 got through).
                lock (_creating)
                {
                    bucket = _buckets.GetOrCreate(address, _ => new Bucket(_limit, now))!;
                }
            }

            lock (bucket)
            {
                bucket.Tokens = Math.Min(_limit, bucket.Tokens + ((now - bucket.At) / 1000.0 * _perSecond));
                bucket.At = now;
                var had = bucket.Tokens >= 1;
                if (change > 0 || had)
                {
                    bucket.Tokens = Math.Min(_limit, bucket.Tokens + change);
                }

                // Dropped once it would have refilled completely.
                _buckets.Set(address, bucket, TimeSpan.FromSeconds((_limit - bucket.Tokens) / _perSecond + 1));
                return had;
            }
        }

        private sealed class Bucket(double tokens, long at)
        {
            public double Tokens { get; set; } = tokens;

            public long At { get; set; } = at;
        }
    }

    /// <summary>
    /// RedisRateLimiting's token bucket (refilled one permit at a time, at the configured average
    /// rate) for taking; a small script on the same keys for looking and giving back, which that
    /// library does not offer. Any Redis failure or slowness: the local budget answers.
    /// </summary>
    internal sealed class Shared : FailedAuthenticationBudget
    {
        // The same arithmetic as RedisRateLimiting 1.2.1's token bucket script (keys, milliseconds,
        // whole periods since the stored timestamp), without taking: @give 0 looks, 1 gives back.
        private static readonly LuaScript LookOrGiveBack = LuaScript.Prepare(@"
            local limit = tonumber(@token_limit)
            local rate = tonumber(@tokens_per_period)
            local period = tonumber(@replenish_period)
            local give = tonumber(@give)
            local now = tonumber(@current_time)
            local state = redis.call('MGET', @rate_limit_key, @timestamp_key)
            if not state[1] then
                return limit
            end
            local last = tonumber(state[2]) or 0
            local periods = math.floor(math.max(0, now - last) / period)
            local tokens = math.min(limit, tonumber(state[1]) + periods * rate)
            if give > 0 then
                tokens = math.min(limit, tokens + give)
                local ttl = math.ceil(math.ceil(limit / rate) * period)
                redis.call('SET', @rate_limit_key, tokens, 'PX', ttl)
                redis.call('SET', @timestamp_key, last + periods * period, 'PX', ttl)
            end
            return tokens");

        private readonly SharedLimitStore _store;
        private readonly Local _local;
        private readonly RedisTokenBucketRateLimiterOptions _bucket;
        private readonly PartitionedRateLimiter<string> _take;

        public Shared(RateLimitingOptions options, SharedLimitStore store, Local local)
        {
            _store = store;
            _local = local;
            _bucket = TokenBuckets.OnRedis(() => store.Redis, TokenBuckets.Options(
                options.FailedAuthPerAddressTokenLimit,
                1,
                TimeSpan.FromSeconds(options.FailedAuthPerAddressReplenishmentSeconds / options.FailedAuthPerAddressTokensPerPeriod)));
            _take = PartitionedRateLimiter.Create<string, string>(address => RedisRateLimitPartition.GetTokenBucketRateLimiter(Partition(address), _ => _bucket));
        }

        public override async ValueTask<bool> HasPermitAsync(string address)
        {
            var (ok, tokens) = await _store.CallAsync(() => RunAsync(address, give: 0)).ConfigureAwait(false);
            return ok ? tokens >= 1 : await _local.HasPermitAsync(address).ConfigureAwait(false);
        }

        public override async ValueTask<bool> TryTakeAsync(string address)
        {
            var (ok, lease) = await _store.CallAsync(() => _take.AcquireAsync(address).AsTask()).ConfigureAwait(false);
            if (!ok)
            {
                return await _local.TryTakeAsync(address).ConfigureAwait(false);
            }

            using (lease)
            {
                return lease!.IsAcquired;
            }
        }

        public override async ValueTask GiveBackAsync(string address)
        {
            var (ok, _) = await _store.CallAsync(() => RunAsync(address, give: 1)).ConfigureAwait(false);
            if (!ok)
            {
                await _local.GiveBackAsync(address).ConfigureAwait(false);
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _take.Dispose();
                _local.Dispose();
            }
        }

        private static string Partition(string address) => "agentsgt:failed-auth:" + address;

        private async Task<long> RunAsync(string address, int give)
        {
            // The key names RedisRateLimiting gives a token bucket partition.
            var key = $"rl:tb:{{{Partition(address)}}}";
            var result = await _store.Redis.GetDatabase().ScriptEvaluateAsync(LookOrGiveBack, new
            {
                rate_limit_key = (RedisKey)key,
                timestamp_key = (RedisKey)(key + ":ts"),
                token_limit = (RedisValue)_bucket.TokenLimit,
                tokens_per_period = (RedisValue)_bucket.TokensPerPeriod,
                replenish_period = (RedisValue)_bucket.ReplenishmentPeriod.TotalMilliseconds,
                give = (RedisValue)give,
                current_time = (RedisValue)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            }).ConfigureAwait(false);
            return (long)result;
        }
    }
}
