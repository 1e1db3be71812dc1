using System.Collections.Concurrent;
using System.Diagnostics;

namespace Agentsgt.Infrastructure.Persistence;

// One pending time per key (the latest wins), all written in one statement per flush.
public sealed class LastUsedAtWriter : WriteBehindService, IKeyUsageRecorder
{
    public const string PendingKeysName = "agentsgt.last_used_at.pending_keys";
    public const string FlushDurationName = "agentsgt.last_used_at.flush.duration";
    public const string FlushFailuresName = "agentsgt.last_used_at.flush.failures";

    private readonly ConcurrentDictionary<Guid, long> _pending = new(); // key id → UTC ticks
    private readonly Histogram<double> _flushDuration;

    public LastUsedAtWriter(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, IMeterFactory meters, ILogger<LastUsedAtWriter> logger)
        : base(scopes, options, meters, logger, "last_used_at times", FlushFailuresName)
    {
        Meter.CreateObservableGauge(PendingKeysName, () => Pending, "{key}", "API keys whose last_used_at is waiting to be written.");
        _flushDuration = Meter.CreateHistogram<double>(FlushDurationName, "s", "Time to write the pending last_used_at times (one statement).");
    }

    public ValueTask RecordAsync(Guid apiKeyId, DateTimeOffset usedAt)
    {
        Merge(apiKeyId, usedAt.UtcTicks);
        return WhenRoomAsync();
    }

    protected override async Task<bool> WritePendingAsync(CancellationToken cancellationToken)
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
                AddPending(-1);
                ids.Add(id);
                times.Add(new DateTimeOffset(ticks, TimeSpan.Zero));
            }
        }

        return ids.Count == 0 || await WriteAsync(ids, times, cancellationToken).ConfigureAwait(false);
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
                AddPending(1);
                return;
            }
        }
    }

    private async Task<bool> WriteAsync(List<Guid> ids, List<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            var apiKeys = scope.ServiceProvider.GetRequiredService<IApiKeyRepository>();
            await apiKeys.MarkUsedAsync(ids, times, cancellationToken).ConfigureAwait(false);
            _flushDuration.Record(Stopwatch.GetElapsedTime(clock).TotalSeconds);
            Written(ids.Count);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Keep every time (merged with any newer one) for the next flush.
            for (var i = 0; i < ids.Count; i++)
            {
                Merge(ids[i], times[i].UtcTicks);
            }

            WriteFailed(ids.Count, ex);
            return false;
        }
    }
}
