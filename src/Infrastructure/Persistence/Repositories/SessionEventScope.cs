namespace Agentsgt.Infrastructure.Persistence.Repositories;

/// <summary>One webhook event's reads and locks, inside the transaction <see cref="SessionRepository.ApplyEventAsync"/> opened.</summary>
internal sealed class SessionEventScope(AgentsgtDbContext db) : ISessionEventScope
{
    public static async Task<Session?> LockAsync(AgentsgtDbContext db, Guid sessionId, CancellationToken cancellationToken) =>
        (await db.Sessions.FromSql($"SELECT * FROM sessions WHERE id = {sessionId} FOR UPDATE")
            .AsTracking().ToListAsync(cancellationToken).ConfigureAwait(false)).SingleOrDefault();

    public Task<Session?> FindAsync(Guid sessionId, CancellationToken cancellationToken) => LockAsync(db, sessionId, cancellationToken);

    public async Task<Session?> FindOrAddAsync(Session early, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(early);

        // The row the issue will complete; a concurrent event for the same session waits on its key.
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO sessions (id, organization_id, agent_id, room_name, random_room, identity, issued_at, missed_listings)
            SELECT {early.Id}, {early.OrganizationId}, {early.AgentId}, {early.RoomName}, false, {early.Identity}, {early.IssuedAt.ToUniversalTime()}, 0
            WHERE EXISTS (SELECT 1 FROM agents WHERE id = {early.AgentId} AND organization_id = {early.OrganizationId})
            ON CONFLICT (id) DO NOTHING
            """,
            cancellationToken).ConfigureAwait(false);
        return await LockAsync(db, early.Id, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Session>> ListOpenInRoomAsync(string roomSid, CancellationToken cancellationToken) =>
        await db.Sessions.FromSql($"SELECT * FROM sessions WHERE room_sid = {roomSid} AND ended_at IS NULL FOR UPDATE")
            .AsTracking().ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task RecordRoomFinishedAsync(string roomSid, DateTimeOffset finishedAt, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO finished_rooms (room_sid, finished_at, received_at) VALUES ({roomSid}, {finishedAt.ToUniversalTime()}, {receivedAt.ToUniversalTime()})
            ON CONFLICT (room_sid) DO UPDATE SET finished_at = LEAST(finished_rooms.finished_at, EXCLUDED.finished_at)
            """,
            cancellationToken);

    public async Task<DateTimeOffset?> RoomFinishedAtAsync(string roomSid, CancellationToken cancellationToken) =>
        await db.FinishedRooms.Where(r => r.RoomSid == roomSid).Select(r => (DateTimeOffset?)r.FinishedAt)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);

    public async Task<bool> HasFreeSlotAsync(Session session, DateTimeOffset now, TimeSpan joinWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.KeyMaxConcurrentSessions is null && session.OrganizationMaxConcurrentSessions is null)
        {
            return true;
        }

        var full = await db.Database.SqlQuery<string?>(
            $"""
            SELECT session_cap_full({session.OrganizationId}, {session.ApiKeyId}, {session.KeyMaxConcurrentSessions},
                                    {session.OrganizationMaxConcurrentSessions}, {now.ToUniversalTime()},
                                    {(int)Math.Ceiling(joinWindow.TotalSeconds)}, {session.Id}) AS "Value"
            """).SingleAsync(cancellationToken).ConfigureAwait(false);
        return full is null;
    }
}
