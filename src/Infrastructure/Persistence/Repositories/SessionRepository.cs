using Microsoft.EntityFrameworkCore.Storage;

namespace Agentsgt.Infrastructure.Persistence.Repositories;

/// <summary>
/// The session ledger. The token path's statements (the capped reservations, batched in
/// <see cref="SessionReservationQueue"/>, and the insert behind uncapped tokens) are hand-written SQL on
/// the shared data source; everything else goes through EF Core, each change in a transaction that
/// locks the rows it reads.
/// </summary>
public sealed partial class SessionRepository(AgentsgtDbContext db, NpgsqlDataSource dataSource, SessionReservationQueue reservations) : ISessionRepository
{
    // A row an early event wrote (no key yet) is completed; its event times stay within [issued, …].
    internal const string SaveIssuedSql = """
        INSERT INTO sessions AS s (id, organization_id, agent_id, api_key_id, room_name, random_room, identity, issued_at,
                                   max_session_seconds, key_max_concurrent_sessions, organization_max_concurrent_sessions,
                                   replaces_session_id, chain_joined_at, missed_listings)
        SELECT u.*, 0 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::boolean[], $7::text[],
                                  $8::timestamptz[], $9::integer[], $10::integer[], $11::integer[], $12::uuid[], $13::timestamptz[])
            AS u(id, organization_id, agent_id, api_key_id, room_name, random_room, identity, issued_at, max_session_seconds,
                 key_max, organization_max, replaces_session_id, chain_joined_at)
        ON CONFLICT (id) DO UPDATE SET
            api_key_id = EXCLUDED.api_key_id,
            random_room = EXCLUDED.random_room,
            issued_at = EXCLUDED.issued_at,
            max_session_seconds = EXCLUDED.max_session_seconds,
            key_max_concurrent_sessions = EXCLUDED.key_max_concurrent_sessions,
            organization_max_concurrent_sessions = EXCLUDED.organization_max_concurrent_sessions,
            replaces_session_id = EXCLUDED.replaces_session_id,
            joined_at = CASE WHEN s.joined_at IS NULL THEN NULL ELSE GREATEST(s.joined_at, EXCLUDED.issued_at) END,
            chain_joined_at = LEAST(EXCLUDED.chain_joined_at,
                                    CASE WHEN s.chain_joined_at IS NULL THEN NULL ELSE GREATEST(s.chain_joined_at, EXCLUDED.issued_at) END),
            ended_at = CASE WHEN s.ended_at IS NULL THEN NULL ELSE GREATEST(s.ended_at, EXCLUDED.issued_at) END
        WHERE s.api_key_id IS NULL
        """;

    public Task<SessionReservation> ReserveAsync(Session session, bool mayContinue, TimeSpan joinWindow, CancellationToken cancellationToken) =>
        reservations.ReserveAsync(session, mayContinue, joinWindow, cancellationToken);

    // By room and identity alone, as reserve_sessions looks: the organization (which a room's name
    // carries) is checked on the row found, so no plan walks the organization's sessions instead.
    public async Task<Session?> FindOpenAsync(Guid organizationId, string roomName, string identity, DateTimeOffset now, TimeSpan joinWindow, CancellationToken cancellationToken)
    {
        var unjoinedSince = now - joinWindow;
        var newest = await db.Sessions
            .Where(s => s.RoomName == roomName && s.Identity == identity && s.EndedAt == null
                        && (s.JoinedAt != null || s.IssuedAt > unjoinedSince))
            .OrderByDescending(s => s.IssuedAt)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return newest?.OrganizationId == organizationId ? newest : null;
    }

    public async Task SaveIssuedAsync(IReadOnlyList<Session> sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(SaveIssuedSql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]> { TypedValue = [.. sessions.Select(s => s.Id)] },
                new NpgsqlParameter<Guid[]> { TypedValue = [.. sessions.Select(s => s.OrganizationId)] },
                new NpgsqlParameter<Guid[]> { TypedValue = [.. sessions.Select(s => s.AgentId)] },
                new NpgsqlParameter<Guid[]> { TypedValue = [.. sessions.Select(s => s.ApiKeyId!.Value)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. sessions.Select(s => s.RoomName)] },
                new NpgsqlParameter<bool[]> { TypedValue = [.. sessions.Select(s => s.RandomRoom)] },
                new NpgsqlParameter<string[]> { TypedValue = [.. sessions.Select(s => s.Identity)] },
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. sessions.Select(s => s.IssuedAt.ToUniversalTime())] },
                new NpgsqlParameter<int[]> { TypedValue = [.. sessions.Select(s => s.MaxSessionSeconds!.Value)] },
                new NpgsqlParameter<int?[]> { TypedValue = [.. sessions.Select(s => s.KeyMaxConcurrentSessions)] },
                new NpgsqlParameter<int?[]> { TypedValue = [.. sessions.Select(s => s.OrganizationMaxConcurrentSessions)] },
                new NpgsqlParameter<Guid?[]> { TypedValue = [.. sessions.Select(s => s.ReplacesSessionId)] },
                new NpgsqlParameter<DateTimeOffset?[]> { TypedValue = [.. sessions.Select(s => s.ChainJoinedAt?.ToUniversalTime())] },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ApplyEventAsync(string eventId, DateTimeOffset receivedAt, Func<ISessionEventScope, CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apply);
        var applied = false;
        await InTransactionAsync(
            async token =>
            {
                // A concurrent delivery of the same id waits here for this one's commit, then finds it.
                applied = await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO processed_webhook_events (id, received_at) VALUES ({eventId}, {receivedAt.ToUniversalTime()}) ON CONFLICT (id) DO NOTHING",
                    token).ConfigureAwait(false) == 1;
                if (applied)
                {
                    await apply(new SessionEventScope(db), token).ConfigureAwait(false);
                }

                return applied;
            },
            cancellationToken).ConfigureAwait(false);
        return applied;
    }

    public async Task<Session?> EndAsync(Guid sessionId, SessionEndReason reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        await InTransactionAsync(
            async token =>
            {
                var session = await SessionEventScope.LockAsync(db, sessionId, token).ConfigureAwait(false);
                session?.End(reason, at);
                return session;
            },
            cancellationToken).ConfigureAwait(false);

    public Task MarkWarnedAsync(Guid sessionId, DateTimeOffset at, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async token =>
            {
                var session = await SessionEventScope.LockAsync(db, sessionId, token).ConfigureAwait(false);
                session?.Warn(at);
                return session;
            },
            cancellationToken);

    public async Task<IReadOnlyList<Session>> ListOpenAsync(int limit, CancellationToken cancellationToken) =>
        await db.Sessions.Where(s => s.EndedAt == null).OrderBy(s => s.IssuedAt).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<Session>> ListDueForWarningAsync(DateTimeOffset now, TimeSpan lead, int limit, CancellationToken cancellationToken)
    {
        var warnFrom = now + lead;
        return await db.Sessions
            .Where(s => s.EndedAt == null && s.JoinedAt != null && s.WarnedAt == null && s.ChainJoinedAt!.Value.AddSeconds(s.MaxSessionSeconds!.Value) <= warnFrom)
            .OrderBy(s => s.ChainJoinedAt).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Session>> ListDueForRemovalAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await db.Sessions
            .Where(s => s.EndedAt == null && s.JoinedAt != null && s.ChainJoinedAt!.Value.AddSeconds(s.MaxSessionSeconds!.Value) <= now)
            .OrderBy(s => s.ChainJoinedAt).Take(limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    // Ids locked first, then updated as a list the planner sees, the cutoff repeated: no plan, even on stale
    // statistics, scans the younger open tokens. A row a join holds is skipped (seen joined next round).
    public Task<int> EndNeverJoinedAsync(DateTimeOffset now, TimeSpan joinWindow, int limit, CancellationToken cancellationToken)
    {
        var reason = SessionEndReason.NeverJoined.Name();
        var cutoff = (now - joinWindow).ToUniversalTime();
        return InTransactionAsync(
            async token =>
            {
                var ids = await db.Database.SqlQuery<Guid>(
                    $"""
                    SELECT id AS "Value" FROM sessions
                    WHERE ended_at IS NULL AND joined_at IS NULL AND issued_at < {cutoff}
                    ORDER BY issued_at LIMIT {limit} FOR UPDATE SKIP LOCKED
                    """).ToArrayAsync(token).ConfigureAwait(false);
                return ids.Length == 0
                    ? 0
                    : await db.Database.ExecuteSqlAsync(
                        $"""
                        UPDATE sessions SET ended_at = issued_at + {joinWindow}, end_reason = {reason}
                        WHERE id = ANY ({ids}) AND ended_at IS NULL AND joined_at IS NULL AND issued_at < {cutoff}
                        """,
                        token).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<Session>> RecordListingAsync(IReadOnlyCollection<SessionPresence> present, DateTimeOffset at, TimeSpan joinWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(present);
        var ended = new List<Session>();
        await InTransactionAsync(
            async token =>
            {
                ended.Clear();
                var byId = present.GroupBy(p => p.SessionId).ToDictionary(g => g.Key, g => g.First());
                // A token not joined and not present has nothing to record: not read, not locked (there may be a
                // minute of tokens); the listing's own sessions are read whether open or not.
                var open = await db.Sessions.FromSql($"SELECT * FROM sessions WHERE (ended_at IS NULL AND joined_at IS NOT NULL) OR id = ANY({byId.Keys.ToArray()}) FOR UPDATE")
                    .AsTracking().ToListAsync(token).ConfigureAwait(false);
                foreach (var session in open)
                {
                    if (byId.TryGetValue(session.Id, out var seen))
                    {
                        if (session.IsOpen && session.JoinedAt is null)
                        {
                            session.Join(session.Clamp(seen.JoinedAt ?? at, at), seen.RoomSid);
                        }
                        else if (session.EndReason == SessionEndReason.NeverJoined)
                        {
                            // A late join the webhooks did not report: reopened if the caps allow, else over_cap.
                            var joinedAt = session.Clamp(seen.JoinedAt ?? at, at);
                            session.Join(joinedAt, seen.RoomSid);
                            session.Reopen();
                            if (!await new SessionEventScope(db).HasFreeSlotAsync(session, at, joinWindow, token).ConfigureAwait(false))
                            {
                                session.End(SessionEndReason.OverCap, at);
                                ended.Add(session);
                            }
                        }

                        session.See(at);
                    }
                    else if (session.Miss())
                    {
                        ended.Add(session);
                    }
                }

                return ended;
            },
            cancellationToken).ConfigureAwait(false);
        return ended;
    }

    public Task<long> CountOpenAsync(CancellationToken cancellationToken) =>
        db.Sessions.LongCountAsync(s => s.EndedAt == null, cancellationToken);

    public async Task<IReadOnlyList<Session>> ListAsync(SessionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sessions = db.Sessions.Where(s => s.OrganizationId == query.OrganizationId && s.ApiKeyId != null);
        if (query.AgentId is { } agentId)
        {
            sessions = sessions.Where(s => s.AgentId == agentId);
        }

        if (query.From is { } from)
        {
            sessions = sessions.Where(s => s.IssuedAt >= from);
        }

        if (query.To is { } to)
        {
            sessions = sessions.Where(s => s.IssuedAt < to);
        }

        if (query.After is { } after)
        {
            sessions = sessions.Where(s => s.IssuedAt < after.IssuedAt || (s.IssuedAt == after.IssuedAt && s.Id.CompareTo(after.SessionId) < 0));
        }

        return await sessions.OrderByDescending(s => s.IssuedAt).ThenByDescending(s => s.Id).Take(query.Limit)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SessionUsage>> SumUsageAsync(Guid organizationId, DateTimeOffset from, DateTimeOffset to, SessionUsageGrouping groupBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var group = groupBy switch
        {
            SessionUsageGrouping.Agent => "agent_id::text",
            SessionUsageGrouping.Key => "api_key_id::text",
            _ => "to_char(joined_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        };
        var sql = $"""
            SELECT {group} AS key, count(*) AS sessions,
                   COALESCE(sum(ceil(extract(epoch FROM GREATEST(COALESCE(ended_at, $4) - joined_at, interval '0')))), 0)::bigint AS seconds
            FROM sessions
            WHERE organization_id = $1 AND joined_at >= $2 AND joined_at < $3 AND api_key_id IS NOT NULL
            GROUP BY 1 ORDER BY 1
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid> { TypedValue = organizationId },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = from.ToUniversalTime() },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = to.ToUniversalTime() },
                new NpgsqlParameter<DateTimeOffset> { TypedValue = now.ToUniversalTime() },
            },
        };
        var usage = new List<SessionUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            usage.Add(new SessionUsage(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return usage;
    }

    public Task<int> DeleteOldAsync(DateTimeOffset before, DateTimeOffset neverJoinedBefore, int batchSize, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            DELETE FROM sessions WHERE id IN (
                SELECT id FROM sessions
                WHERE ended_at IS NOT NULL AND (issued_at < {before.ToUniversalTime()} OR (joined_at IS NULL AND issued_at < {neverJoinedBefore.ToUniversalTime()}))
                LIMIT {batchSize})
            """,
            cancellationToken);

    public async Task<int> PruneEventsAsync(DateTimeOffset before, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = before.ToUniversalTime();
        var events = await db.Database.ExecuteSqlAsync(
            $"DELETE FROM processed_webhook_events WHERE id IN (SELECT id FROM processed_webhook_events WHERE received_at < {cutoff} LIMIT {batchSize})",
            cancellationToken).ConfigureAwait(false);
        var rooms = await db.Database.ExecuteSqlAsync(
            $"DELETE FROM finished_rooms WHERE room_sid IN (SELECT room_sid FROM finished_rooms WHERE received_at < {cutoff} LIMIT {batchSize})",
            cancellationToken).ConfigureAwait(false);
        return events + rooms;
    }

    // One transaction under the execution strategy: a dropped connection re-runs the whole unit
    // on a clean change tracker, and its changes are saved before the commit.
    private Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> unit, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(
            unit,
            async (_, work, token) =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(token).ConfigureAwait(false);
                var result = await work(token).ConfigureAwait(false);
                await db.SaveChangesAsync(token).ConfigureAwait(false);
                await transaction.CommitAsync(token).ConfigureAwait(false);
                return result;
            },
            null,
            cancellationToken);
}
