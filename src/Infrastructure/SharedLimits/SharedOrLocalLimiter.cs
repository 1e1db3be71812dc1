using System.Threading.RateLimiting;
using RedisRateLimiting;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>
/// RedisRateLimiting's bucket while Redis is in use, this instance's share otherwise and for a call
/// that fails. The share also counts what Redis admitted here, so it is current when needed.
/// </summary>
internal sealed class SharedOrLocalLimiter : RateLimiter
{
    private static readonly RateLimitLease NotTried = new NotTriedLease();

    private readonly SharedLimitStore _store;
    private readonly Lazy<RateLimiter> _shared;
    private readonly TokenBucketRateLimiter _share;

    public SharedOrLocalLimiter(SharedLimitStore store, string partition, TokenBucketRateLimiterOptions whole, TokenBucketRateLimiterOptions share)
    {
        _store = store;
        _share = new TokenBucketRateLimiter(share);
        // Built on first shared use: by then the connection exists.
        _shared = new Lazy<RateLimiter>(() => new RedisTokenBucketRateLimiter<string>("agentsgt:" + partition, TokenBuckets.OnRedis(() => store.Redis, whole)));
    }

    /// <summary>Idle when no shared call is running and the share is full, so dropping the partition loses nothing.</summary>
    public override TimeSpan? IdleDuration => _shared.IsValueCreated && _shared.Value.IdleDuration is null ? null : _share.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _share.GetStatistics();

    // RedisRateLimiting only acquires asynchronously; "not tried" makes ASP.NET's middleware (and
    // PublishableKeyLimits) go on to AcquireAsync, which does.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        _store.IsShared ? NotTried : _share.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var (ok, lease) = await _store.CallAsync(() => _shared.Value.AcquireAsync(permitCount, CancellationToken.None).AsTask()).ConfigureAwait(false);
        if (!ok)
        {
            return _share.AttemptAcquire(permitCount);
        }

        if (lease!.IsAcquired)
        {
            _share.AttemptAcquire(permitCount).Dispose();
        }

        return lease;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _share.Dispose();
            if (_shared.IsValueCreated)
            {
                _shared.Value.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private sealed class NotTriedLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
