using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>The Redis behind every shared limit, and the decision of when to use it: only probes decide that Redis is away.</summary>
public sealed partial class SharedLimitStore : IDisposable
{
    /// <summary>The longest a probe waits: far above a slow call under a burst, far below an outage.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    public const int FailuresBeforeProbe = 3;

    public const int StartupProbes = 3;

    public const string MeterName = "Agentsgt.SharedLimits";
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
    private int _probing;
    private long _failingSince;

    public SharedLimitStore(IOptions<RedisSettings> settings, IMeterFactory meterFactory, ILogger<SharedLimitStore> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _options = settings.Value.ConnectionOptions();
        CallTimeout = settings.Value.CallTimeout;
        Instances = settings.Value.Instances;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge(SharedGaugeName, () => IsShared ? 1 : 0, "{state}", "1 while the rate limits are shared on Redis, 0 while this instance has fallen back to its share.");
        // Built once connected: the library reads the connection when the limiter is made.
        _probe = new Lazy<RateLimiter>(() => new RedisTokenBucketRateLimiter<string>("agentsgt:probe", TokenBuckets.OnRedis(() => Redis, TokenBuckets.Options(1_000_000, 1_000_000, TimeSpan.FromSeconds(1)))));
        _fallbacks = meter.CreateCounter<long>(FallbacksName, "{transition}", "Times this instance fell back from Redis to its share of the rate limits.");
    }

    public TimeSpan CallTimeout { get; }

    public int Instances { get; }

    public bool IsShared => Volatile.Read(ref _shared) == 1;

    public IConnectionMultiplexer Redis => _redis ?? throw new InvalidOperationException("Redis is not connected yet.");

    public async Task ConnectAsync()
    {
        // AbortOnConnectFail is off: the multiplexer exists even while Redis is down, and reconnects by itself.
        _redis ??= await ConnectionMultiplexer.ConnectAsync(_options).ConfigureAwait(false);
        // A cold process on a busy host may miss one probe's bound: only the last try decides.
        for (var attempt = 1; attempt <= StartupProbes && !IsShared; attempt++)
        {
            await ProbeAsync(decides: attempt == StartupProbes).ConfigureAwait(false);
        }
    }

    /// <summary>The calls requests make, on keys of their own (so scripts are loaded); away only after failing for <see cref="ProbeTimeout"/>.</summary>
    public Task ProbeAsync() => ProbeAsync(decides: false);

    private async Task ProbeAsync(bool decides)
    {
        if (_redis is null || Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }

        try
        {
            await Task.WhenAll(
                    _probe.Value.AcquireAsync(1).AsTask(),
                    SharedFailedAuthenticationBudget.ProbeAsync(_redis.GetDatabase()))
                .WaitAsync(ProbeTimeout).ConfigureAwait(false);
            Volatile.Write(ref _failuresInARow, 0);
            Volatile.Write(ref _failingSince, 0);
            if (Interlocked.Exchange(ref _shared, 1) != 1)
            {
                LogShared(_logger, Instances);
            }
        }
        catch (Exception ex)
        {
            var now = Environment.TickCount64;
            var since = Interlocked.CompareExchange(ref _failingSince, now, 0);
            var away = decides || (since != 0 && now - since >= ProbeTimeout.TotalMilliseconds);
            if (away && Interlocked.Exchange(ref _shared, 0) != 0)
            {
                _fallbacks.Add(1);
                LogFellBack(_logger, ex.GetType().Name, since == 0 ? 0 : now - since, (int)ProbeTimeout.TotalMilliseconds, (int)CallTimeout.TotalMilliseconds, Instances);
            }
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    /// <summary>
    /// One call for a request; false when Redis is not in use or fails (the caller answers from its
    /// share). A slow call is no outage: it starts a probe and its answer is still awaited.
    /// </summary>
    public async ValueTask<(bool Ok, T? Value)> CallAsync<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (!IsShared)
        {
            return (false, default);
        }

        var started = Environment.TickCount64;
        try
        {
            var answer = call();
            try
            {
                var value = await answer.WaitAsync(CallTimeout).ConfigureAwait(false);
                Volatile.Write(ref _failuresInARow, 0);
                return (true, value);
            }
            catch (TimeoutException)
            {
                Failed();
                return (true, await answer.WaitAsync(TimeSpan.FromMilliseconds(Math.Max(0, ProbeTimeout.TotalMilliseconds - (Environment.TickCount64 - started)))).ConfigureAwait(false));
            }
        }
        catch (Exception)
        {
            // Nothing here is cancelled by us: any failure is Redis's.
            Failed();
            return (false, default);
        }
    }

    private void Failed()
    {
        if (Interlocked.Increment(ref _failuresInARow) >= FailuresBeforeProbe)
        {
            _ = Task.Run(ProbeAsync);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is away ({Reason}; probes failing for {FailingMs} ms, each allowed {ProbeTimeoutMs} ms; calls slower than {CallTimeoutMs} ms start one): each of the {Instances} instances keeps its share of every rate limit until it answers.")]
    private static partial void LogFellBack(ILogger logger, string reason, long failingMs, int probeTimeoutMs, int callTimeoutMs, int instances);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers: rate limits are shared by the {Instances} instances.")]
    private static partial void LogShared(ILogger logger, int instances);
}
