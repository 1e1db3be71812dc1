using System.Collections.Concurrent;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>Sessions of uncapped keys, written behind like <c>last_used_at</c>: one statement saves the pending rows (<see cref="ISessionRepository.SaveIssuedAsync"/>).</summary>
public sealed partial class SessionWriter : WriteBehindService, ISessionRecorder
{
    public const string PendingSessionsName = "agentsgt.sessions.pending";
    public const string FlushFailuresName = "agentsgt.sessions.flush.failures";

    private const int MaxBatch = 5_000;

    private readonly ConcurrentQueue<Session> _pending = new();
    private readonly SemaphoreSlim _oneFlush = new(1, 1);
    private readonly ILogger<SessionWriter> _logger;

    public SessionWriter(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, IMeterFactory meters, ILogger<SessionWriter> logger)
        : base(scopes, options, meters, logger, "issued sessions", FlushFailuresName)
    {
        _logger = logger;
        Meter.CreateObservableGauge(PendingSessionsName, () => Pending, "{session}", "Issued sessions waiting to be written.");
    }

    public ValueTask RecordAsync(Session session)
    {
        ArgumentNullException.ThrowIfNull(session);
        _pending.Enqueue(session);
        AddPending(1);
        return WhenRoomAsync();
    }

    public override void Dispose()
    {
        _oneFlush.Dispose();
        base.Dispose();
    }

    protected override async Task<bool> WritePendingAsync(CancellationToken cancellationToken)
    {
        await _oneFlush.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // What is pending now, not what keeps arriving: a flush under load still ends.
            var ok = true;
            var left = Pending;
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

            return ok;
        }
        finally
        {
            _oneFlush.Release();
        }
    }

    private async Task<bool> WriteAsync(List<Session> batch, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = Scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISessionRepository>().SaveIssuedAsync(batch, cancellationToken).ConfigureAwait(false);
            AddPending(-batch.Count);
            Written(batch.Count);
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
            AddPending(-1);
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

            WriteFailed(batch.Count, ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An issued session was refused by the database ({SqlState}) and dropped.")]
    private partial void LogRefused(string sqlState);
}
