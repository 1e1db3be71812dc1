using System.Threading.RateLimiting;
using RedisRateLimiting;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// One partition's token bucket: RedisRateLimiting's (shared by every instance) while
/// <see cref="SharedLimitStore.IsShared"/>, this process's own otherwise, including for a call
/// that fails or takes longer than 50 ms. Both buckets have the same options.
/// </summary>
internal sealed class SharedOrLocalLimiter : RateLimiter
{
    private static readonly RateLimitLease NotTried = new NotTriedLease();

    private readonly SharedLimitStore _store;
    private readonly Lazy<RateLimiter> _shared;
    private readonly TokenBucketRateLimiter _local;

    public SharedOrLocalLimiter(SharedLimitStore store, string partition, TokenBucketRateLimiterOptions options)
    {
        _store = store;
        _local = new TokenBucketRateLimiter(options);
        // Built on first shared use: by then the connection exists.
        _shared = new Lazy<RateLimiter>(() => new RedisTokenBucketRateLimiter<string>("agentsgt:" + partition, TokenBuckets.OnRedis(() => store.Redis, options)));
    }

    /// <summary>Idle when no shared call is running and the local bucket is full, so dropping the partition loses nothing.</summary>
    public override TimeSpan? IdleDuration => _shared.IsValueCreated && _shared.Value.IdleDuration is null ? null : _local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    // RedisRateLimiting only acquires asynchronously; "not tried" makes ASP.NET's middleware (and
    // PublishableKeyLimits) go on to AcquireAsync, which does.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        _store.IsShared ? NotTried : _local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        var (ok, lease) = await _store.CallAsync(() => _shared.Value.AcquireAsync(permitCount, CancellationToken.None).AsTask()).ConfigureAwait(false);
        return ok ? lease! : _local.AttemptAcquire(permitCount);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
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
