using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using Agentsgt.Infrastructure.SharedLimits;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// Stricter limits for publishable keys, which anyone can copy out of a web page: a per-key bucket
/// lower than a secret key's, and a per-client-address bucket, both of which a request must pass.
/// </summary>
public sealed class PublishableKeyLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perKey;
    private readonly PartitionedRateLimiter<string> _perAddress;

    public PublishableKeyLimits(RateLimitingOptions options, ITokenBuckets buckets)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(buckets);
        var perKey = TokenBuckets.Options(options.PublishablePerKeyTokenLimit, options.PublishablePerKeyTokensPerPeriod, TimeSpan.FromSeconds(options.PublishablePerKeyReplenishmentSeconds));
        var perAddress = TokenBuckets.Options(options.PublishablePerAddressTokenLimit, options.PublishablePerAddressTokensPerPeriod, TimeSpan.FromSeconds(options.PublishablePerAddressReplenishmentSeconds));
        _perKey = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.Get(key, k => buckets.Create("publishable-key:" + k, perKey)));
        _perAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.Get(address, a => buckets.Create("publishable-address:" + a, perAddress)));
    }

    public RateLimitPartition<string> Partition(HttpContext context, string keyId)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The same notion of "one client" as the failed-authentication budget (IPv6 by /64).
        var address = FailedAuthenticationThrottle.PartitionKey(context.Connection.RemoteIpAddress);
        return RateLimitPartition.Get($"publishable:{keyId}@{address}", _ => new BothLimiter(_perAddress, address, _perKey, keyId));
    }

    public void Dispose()
    {
        _perKey.Dispose();
        _perAddress.Dispose();
    }

    // The address is asked first, so a client over its own limit stops using up the key's budget that other visitors share.
    private sealed class BothLimiter(PartitionedRateLimiter<string> perAddress, string address, PartitionedRateLimiter<string> perKey, string keyId) : RateLimiter
    {
        private long _lastUsed = Stopwatch.GetTimestamp();

        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            var byAddress = perAddress.AttemptAcquire(address, permitCount);
            return byAddress.IsAcquired ? Both(byAddress, perKey.AttemptAcquire(keyId, permitCount)) : byAddress;
        }

        // No queueing (QueueLimit 0 everywhere): waiting is trying now, through Redis when shared.
        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            var byAddress = await perAddress.AcquireAsync(address, permitCount, cancellationToken).ConfigureAwait(false);
            return byAddress.IsAcquired ? Both(byAddress, await perKey.AcquireAsync(keyId, permitCount, cancellationToken).ConfigureAwait(false)) : byAddress;
        }

        private static RateLimitLease Both(RateLimitLease byAddress, RateLimitLease byKey)
        {
            if (!byKey.IsAcquired)
            {
                byAddress.Dispose();
                return byKey;
            }

            return new BothLease(byAddress, byKey);
        }
    }

    private sealed class BothLease(RateLimitLease first, RateLimitLease second) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                first.Dispose();
                second.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
