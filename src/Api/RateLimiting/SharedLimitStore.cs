using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Agentsgt.Api.RateLimiting;

/// <summary>
/// The Redis that makes every limit global across instances (section <c>Redis</c>), and the
/// decision of when to use it: each limiter call waits at most <see cref="CallTimeout"/>, and a
/// call that fails or is slower is answered by the in-process limiter instead. After
/// <see cref="FailuresToFallBack"/> such calls in a row every limit of this instance stops asking
/// Redis (one warning), until <see cref="SharedLimitProbe"/> sees it answer again (one more log
/// line). Never a 5xx because of Redis. Registered only when <c>Redis:Configuration</c> is set.
/// </summary>
public sealed partial class SharedLimitStore : IDisposable
{
    /// <summary>The longest a request waits on Redis for one limiter call.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Slow or failed calls in a row before the instance stops asking Redis: one late answer on a
    /// busy host is not an outage, and a down Redis fails fast (no backlog), so three cost little.
    /// </summary>
    public const int FailuresToFallBack = 3;

    public const string SharedGaugeName = "agentsgt.rate_limit.shared";
    public const string FallbacksName = "agentsgt.rate_limit.fallbacks";

    private readonly ConfigurationOptions _options;
    private readonly ILogger<SharedLimitStore> _logger;
    private readonly Counter<long> _fallbacks;
    private readonly Lazy<RateLimiter> _probe;
    private ConnectionMultiplexer? _redis;

    // 1 shared, 0 fallen back, -1 not known yet (so the first answer either way is logged once).
    private int _shared = -1;
    private int _failuresInARow;

    public SharedLimitStore(IOptions<RedisSettings> settings, IMeterFactory meterFactory, ILogger<SharedLimitStore> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _options = settings.Value.ConnectionOptions();
        _logger = logger;
        var meter = meterFactory.Create(ApiMetrics.MeterName);
        meter.CreateObservableGauge(SharedGaugeName, () => IsShared ? 1 : 0, "{state}", "1 while the rate limits are shared on Redis, 0 while this instance has fallen back to its own.");
        // Built once connected: the library reads the connection when the limiter is made.
        _probe = new Lazy<RateLimiter>(() => new RedisTokenBucketRateLimiter<string>("agentsgt:probe", TokenBuckets.OnRedis(() => Redis, TokenBuckets.Options(1_000_000, 1_000_000, TimeSpan.FromSeconds(1)))));
        _fallbacks = meter.CreateCounter<long>(FallbacksName, "{transition}", "Times this instance fell back from Redis to its in-process rate limits.");
    }

    /// <summary>True while limits go to Redis; false before the first connection and after a failure.</summary>
    public bool IsShared => Volatile.Read(ref _shared) == 1;

    /// <summary>The connection; only read while <see cref="IsShared"/>, which implies it exists.</summary>
    public IConnectionMultiplexer Redis => _redis ?? throw new InvalidOperationException("Redis is not connected yet.");

    /// <summary>Connects (bounded by ConnectTimeout; never throws for an unreachable server) and probes.</summary>
    public async Task ConnectAsync()
    {
        // AbortOnConnectFail is off: the multiplexer exists even while Redis is down, and reconnects by itself.
        _redis ??= await ConnectionMultiplexer.ConnectAsync(_options).ConfigureAwait(false);
        await ProbeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// One bounded limiter call on a bucket of its own, the same script requests run (so after a
    /// Redis restart the script is loaded again before requests come back): success switches to
    /// Redis, failure counts like a request's.
    /// </summary>
    public async Task ProbeAsync()
    {
        if (_redis is null)
        {
            return;
        }

        var (ok, lease) = await CallAsync(() => _probe.Value.AcquireAsync(1).AsTask(), evenIfLocal: true).ConfigureAwait(false);
        lease?.Dispose();
        if (!ok && Volatile.Read(ref _shared) == -1)
        {
            FallBack("not reachable at start-up");
        }
        else if (ok && Interlocked.Exchange(ref _shared, 1) != 1)
        {
            LogShared(_logger);
        }
    }

    /// <summary>
    /// Runs one Redis call, bounded by <see cref="CallTimeout"/>. Returns false (and, the first
    /// time, falls back) when Redis is not in use, fails or is slow: the caller then asks its local limiter.
    /// </summary>
    public async ValueTask<(bool Ok, T? Value)> CallAsync<T>(Func<Task<T>> call, bool evenIfLocal = false)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!evenIfLocal && !IsShared)
        {
            return (false, default);
        }

        try
        {
            var value = await call().WaitAsync(CallTimeout).ConfigureAwait(false);
            Volatile.Write(ref _failuresInARow, 0);
            return (true, value);
        }
        catch (Exception ex)
        {
            // Any failure of the shared store (unreachable, timeout, server error, a cancellation
            // inside the client: nothing here is cancelled by us) is the same decision.
            if (Interlocked.Increment(ref _failuresInARow) >= FailuresToFallBack)
            {
                FallBack(ex.GetType().Name);
            }

            return (false, default);
        }
    }

    private void FallBack(string reason)
    {
        if (Interlocked.Exchange(ref _shared, 0) != 0)
        {
            _fallbacks.Add(1);
            LogFellBack(_logger, reason);
        }
    }

    public void Dispose()
    {
        if (_probe.IsValueCreated)
        {
            _probe.Value.Dispose();
        }

        _redis?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis did not answer within 50 ms ({Reason}): rate limits are per instance until it does.")]
    private static partial void LogFellBack(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers: rate limits are shared by every instance.")]
    private static partial void LogShared(ILogger logger);
}
