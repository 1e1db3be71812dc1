using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Infrastructure.Persistence;

// Written behind: one pending time per key (the latest wins), all written in one statement per flush.
// A full set starts the flush early and the request waits for it; nothing is dropped, a failed flush retries.
public sealed partial class LastUsedAtWriter : WriteBehindService, IKeyUsageRecorder
{
    public const string MeterName = "Agentsgt.Persistence";
    public const string PendingKeysName = "agentsgt.last_used_at.pending_keys";
    public const string FlushDurationName = "agentsgt.last_used_at.flush.duration";
    public const string FlushFailuresName = "agentsgt.last_used_at.flush.failures";

    private readonly ConcurrentDictionary<Guid, long> _pending = new(); // key id → UTC ticks
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<LastUsedAtWriter> _logger;
    private readonly int _capacity;
    private readonly Histogram<double> _flushDuration;
    private readonly Counter<long> _flushFailures;
    private int _count;
    private bool _failing;
    private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LastUsedAtWriter(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, IMeterFactory meters, ILogger<LastUsedAtWriter> logger)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Value.LastUsedAtFlushInterval)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _scopes = scopes;
        _logger = logger;
        _capacity = options.Value.LastUsedAtMaxPendingKeys;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(PendingKeysName, () => Volatile.Read(ref _count), "{key}", "API keys whose last_used_at is waiting to be written.");
        _flushDuration = meter.CreateHistogram<double>(FlushDurationName, "s", "Time to write the pending last_used_at times (one statement).");
        _flushFailures = meter.CreateCounter<long>(FlushFailuresName, "{flush}", "Flushes of last_used_at that failed; their times stay pending and are written by a later flush.");
    }

    public int PendingKeys => Volatile.Read(ref _count);

    public ValueTask RecordAsync(Guid apiKeyId, DateTimeOffset usedAt)
    {
        Merge(apiKeyId, usedAt.UtcTicks);
        if (Volatile.Read(ref _count) < _capacity)
        {
            return ValueTask.CompletedTask;
        }

        // Full: flush now, and hold this request until it has run, at most one bound.
        var flushed = Volatile.Read(ref _flushed).Task;
        _ = TryWake();
        return new ValueTask(Task.WhenAny(flushed, Task.Delay(Bound)));
    }

    public override async Task<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<Guid>();
        var times = new List<DateTimeOffset>();
        foreach (var (id, seen) in _pending)
        {
            // Take the newest time: a call may have moved it on since the enumerator read it.
            var ticks = seen;
            while (!_pending.TryRemove(new KeyValuePair<Guid, long>(id, ticks)))
            {
                if (!_pending.TryGetValue(id, out ticks))
                {
                    break;
                }
            }

            if (ticks != 0)
            {
                Interlocked.Decrement(ref _count);
                ids.Add(id);
                times.Add(new DateTimeOffset(ticks, TimeSpan.Zero));
            }
        }

        var ok = true;
        if (ids.Count > 0)
        {
            ok = await WriteAsync(ids, times, cancellationToken).ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _flushed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return ok;
    }

    private void Merge(Guid id, long ticks)
    {
        while (true)
        {
            if (_pending.TryGetValue(id, out var current))
            {
                if (current >= ticks || _pending.TryUpdate(id, ticks, current))
                {
                    return;
                }
            }
            else if (_pending.TryAdd(id, ticks))
            {
                Interlocked.Increment(ref _count);
                return;
            }
        }
    }

    private async Task<bool> WriteAsync(List<Guid> ids, List<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var apiKeys = scope.ServiceProvider.GetRequiredService<IApiKeyRepository>();
            await apiKeys.MarkUsedAsync(ids, times, cancellationToken).ConfigureAwait(false);
            _flushDuration.Record(Stopwatch.GetElapsedTime(clock).TotalSeconds);
            if (_failing)
            {
                _failing = false;
                LogRecovered(ids.Count);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Keep every time (merged with any newer one) for the next flush.
            for (var i = 0; i < ids.Count; i++)
            {
                Merge(ids[i], times[i].UtcTicks);
            }

            _flushFailures.Add(1);
            if (!_failing)
            {
                _failing = true;
                // Type and SQLSTATE only, as every database-outage line: an exception's text is not ours to log.
                LogFlushFailed(ids.Count, ex.GetType().Name, DatabaseErrors.Find(ex)?.SqlState ?? "no SQLSTATE");
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing last_used_at of {Keys} keys failed ({Error}, {SqlState}); the times stay pending and are retried every flush.")]
    private partial void LogFlushFailed(int keys, string error, string sqlState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing last_used_at works again ({Keys} keys written).")]
    private partial void LogRecovered(int keys);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutting down with the last_used_at of {Keys} keys unwritten: the database did not take them before the shutdown timeout.")]
    private partial void LogLostAtShutdown(int keys);

    protected override int Pending => PendingKeys;

    protected override void OnLostAtShutdown(int pending) => LogLostAtShutdown(pending);
}
