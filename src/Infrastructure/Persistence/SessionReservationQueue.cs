using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using NpgsqlTypes;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>
/// Capped tokens' reservations, sharing round trips: what arrives while two calls are in flight goes
/// in the next call, and <c>reserve_sessions</c> still decides each reservation on its own.
/// </summary>
public sealed class SessionReservationQueue
{
    public const string CallSizeName = "agentsgt.sessions.reservation.call_size";

    internal const int MaxBatch = 64;

    // One call fills while the other is answered.
    internal const int MaxCallsInFlight = 2;

    internal const string ReserveSql = """
        SELECT ordinal, full_cap, replaced_id
        FROM reserve_sessions($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly Histogram<int> _callSize;
    private readonly ConcurrentQueue<Pending> _queue = new();
    private int _callsInFlight;

    public SessionReservationQueue(NpgsqlDataSource dataSource, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _dataSource = dataSource;
        _callSize = meters.Create(WriteBehindService.MeterName)
            .CreateHistogram<int>(CallSizeName, "{reservation}", "Reservations carried by one call to the database.");
    }

    /// <summary>Reserves <paramref name="session"/>; <paramref name="mayContinue"/> is false for a generated identity, which has no session to continue.</summary>
    public Task<SessionReservation> ReserveAsync(Session session, bool mayContinue, TimeSpan joinWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var pending = new Pending(session, mayContinue, (int)Math.Ceiling(joinWindow.TotalSeconds), cancellationToken);
        _queue.Enqueue(pending);
        StartCalls();
        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private void StartCalls()
    {
        // A call that ends gives its place back before it looks at the queue, and a place is taken only
        // below the limit, so a request that found both places taken is sent by one of those two calls.
        while (!_queue.IsEmpty && TryTakePlace())
        {
            var batch = Take();
            if (batch.Count == 0)
            {
                Interlocked.Decrement(ref _callsInFlight);
                continue;
            }

            _ = CallAsync(batch);
        }
    }

    private bool TryTakePlace()
    {
        var inFlight = Volatile.Read(ref _callsInFlight);
        while (inFlight < MaxCallsInFlight)
        {
            var seen = Interlocked.CompareExchange(ref _callsInFlight, inFlight + 1, inFlight);
            if (seen == inFlight)
            {
                return true;
            }

            inFlight = seen;
        }

        return false;
    }

    private List<Pending> Take()
    {
        var batch = new List<Pending>(Math.Min(MaxBatch, _queue.Count));
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var pending))
        {
            if (!pending.IsGone())
            {
                batch.Add(pending);
            }
        }

        return batch;
    }

    private async Task CallAsync(List<Pending> batch)
    {
        try
        {
            // The queue's other requests ride on this call: none of their tokens cancels it.
            Complete(batch, await SendAsync(batch).ConfigureAwait(false));
        }
        catch (PostgresException ex) when (batch.Count > 1 && !ReconnectExecutionStrategy.IsConnectionClosedUnderUs(ex))
        {
            // A reservation PostgreSQL refused (a constraint, a deadlock it broke) fails only its own request.
            foreach (var pending in batch.Where(p => !p.IsGone()))
            {
                await CallAloneAsync(pending).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _callsInFlight);
            StartCalls();
        }
    }

    private async Task CallAloneAsync(Pending pending)
    {
        try
        {
            Complete([pending], await SendAsync([pending]).ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            pending.Completion.TrySetException(ex);
        }
    }

    private static void Complete(List<Pending> batch, SessionReservation[] results)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(results[i]);
        }
    }

    private Task<SessionReservation[]> SendAsync(List<Pending> batch)
    {
        _callSize.Record(batch.Count);
        return ReconnectExecutionStrategy.RunAsync(_dataSource, (Queue: this, batch), static s => s.Queue.SendOnceAsync(s.batch));
    }

    private async Task<SessionReservation[]> SendOnceAsync(List<Pending> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(ReserveSql, connection)
        {
            Parameters =
            {
                Column(batch, p => p.Session.Id),
                Column(batch, p => p.Session.OrganizationId),
                Column(batch, p => p.Session.AgentId),
                Column(batch, p => p.Session.ApiKeyId!.Value),
                new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(p => p.Session.RoomName)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                Column(batch, p => p.Session.RandomRoom),
                new NpgsqlParameter<string[]> { TypedValue = [.. batch.Select(p => p.Session.Identity)], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
                Column(batch, p => p.MayContinue),
                Column(batch, p => p.Session.IssuedAt.ToUniversalTime()),
                Column(batch, p => p.Session.MaxSessionSeconds!.Value),
                Column(batch, p => p.Session.KeyMaxConcurrentSessions),
                Column(batch, p => p.Session.OrganizationMaxConcurrentSessions),
                Column(batch, p => p.JoinWindowSeconds),
            },
        };
        await command.PrepareAsync().ConfigureAwait(false);
        var results = new SessionReservation[batch.Count];
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            SessionCapLevel? full = reader.IsDBNull(1) ? null : reader.GetString(1) == "key" ? SessionCapLevel.Key : SessionCapLevel.Organization;
            results[reader.GetInt32(0) - 1] = new SessionReservation(full, reader.IsDBNull(2) ? null : reader.GetGuid(2));
        }

        return Array.IndexOf(results, null) < 0
            ? results
            : throw new InvalidOperationException("The reservation call answered fewer reservations than it was sent.");
    }

    private static NpgsqlParameter<T[]> Column<T>(List<Pending> batch, Func<Pending, T> value) =>
        new() { TypedValue = [.. batch.Select(value)] };

    private sealed record Pending(Session Session, bool MayContinue, int JoinWindowSeconds, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<SessionReservation> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // A request already gone takes no slot.
        public bool IsGone() => CancellationToken.IsCancellationRequested && Completion.TrySetCanceled(CancellationToken);
    }
}
