using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>
/// Sessions of uncapped keys, written behind like <c>last_used_at</c>: every
/// <see cref="DatabaseOptions.LastUsedAtFlushSeconds"/> one statement saves all pending rows
/// (<see cref="ISessionRepository.SaveIssuedAsync"/>). At <see cref="DatabaseOptions.LastUsedAtMaxPendingKeys"/>
/// pending rows the flush starts early and the request that found the set full waits for it, at
/// most one bound. A failed flush keeps the rows for the next; a graceful shutdown writes them all.
/// </summary>
public sealed partial class SessionWriter : WriteBehindService, ISessionRecorder
{
    public const string PendingSessionsName = "agentsgt.sessions.pending";
    public const string FlushFailuresName = "agentsgt.sessions.flush.failures";

    private const int MaxBatch = 5_000;

    private readonly ConcurrentQueue<Session> _pending = new();
    private readonly SemaphoreSlim _oneFlush = new(1, 1);
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<SessionWriter> _logger;
    private readonly int _capacity;
    private readonly Counter<long> _flushFailures;
    private int _count;
    private bool _failing;
    private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SessionWriter(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, IMeterFactory meters, ILogger<SessionWriter> logger)
        : base((options ?? throw new ArgumentNullException(nameof(options))).Value.LastUsedAtFlushInterval)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _scopes = scopes;
        _logger = logger;
        _capacity = options.Value.LastUsedAtMaxPendingKeys;
        var meter = meters.Create(LastUsedAtWriter.MeterName);
        meter.CreateObservableGauge(PendingSessionsName, () => Volatile.Read(ref _count), "{session}", "Issued sessions waiting to be written.");
        _flushFailures = meter.CreateCounter<long>(FlushFailuresName, "{flush}", "Flushes of issued sessions that failed; the rows stay pending.");
    }

    public int PendingSessions => Volatile.Read(ref _count);

    public ValueTask RecordAsync(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _pending.Enqueue(session);
        if (Interlocked.Increment(ref _count) < _capacity)
        {
            return ValueTask.CompletedTask;
        }

        var flushed = Volatile.Read(ref _flushed).Task;
        TryWake();
        return new ValueTask(Task.WhenAny(flushed, Task.Delay(Bound)));
    }

    public override async Task<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        await _oneFlush.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // What is pending now, not what keeps arriving: a flush under load still ends.
            var ok = true;
            var left = PendingSessions;
            while (ok && left > 0 && !_pending.IsEmpty)
            {
                var batch = new List<Session>(Math.Min(MaxBatch, left));
                while (batch.Count < MaxBatch && batch.Count < left && _pending.TryDequeue(out var session))
                {
                    batch.Add(session);
                }

                left -= batch.Count;
                ok = await WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Exchange(ref _flushed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            return ok;
        }
        finally
        {
            _oneFlush.Release();
        }
    }

    public override void Dispose()
    {
        _oneFlush.Dispose();
        base.Dispose();
    }

    private async Task<bool> WriteAsync(List<Session> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISessionRepository>().SaveIssuedAsync(batch, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _count, -batch.Count);
            if (_failing)
            {
                _failing = false;
                LogRecovered(batch.Count);
            }

            return true;
        }
        catch (PostgresException ex) when (batch.Count > 1 && ex.SqlState.StartsWith("23", StringComparison.Ordinal))
        {
            // A row the database can never take (its key or agent is gone) must not hold back the rest.
            var ok = true;
            foreach (var session in batch)
            {
                ok &= await WriteAsync([session], cancellationToken).ConfigureAwait(false);
            }

            return ok;
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("23", StringComparison.Ordinal))
        {
            Interlocked.Decrement(ref _count);
            LogRefused(ex.SqlState);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Back in the queue (behind newer rows: order does not matter, each row is whole).
            foreach (var session in batch)
            {
                _pending.Enqueue(session);
            }

            _flushFailures.Add(1);
            if (!_failing)
            {
                _failing = true;
                LogFlushFailed(batch.Count, ex.GetType().Name, DatabaseErrors.Find(ex)?.SqlState ?? "no SQLSTATE");
            }

            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Sessions} issued sessions failed ({Error}, {SqlState}); they stay pending and are retried every flush.")]
    private partial void LogFlushFailed(int sessions, string error, string sqlState);

    [LoggerMessage(Level = LogLevel.Error, Message = "An issued session was refused by the database ({SqlState}) and dropped.")]
    private partial void LogRefused(string sqlState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing issued sessions works again ({Sessions} written).")]
    private partial void LogRecovered(int sessions);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutting down with {Sessions} issued sessions unwritten: the database did not take them before the shutdown timeout.")]
    private partial void LogLostAtShutdown(int sessions);

    protected override int Pending => PendingSessions;

    protected override void OnLostAtShutdown(int pending) => LogLostAtShutdown(pending);
}
