namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// One webhook event's transaction (<see cref="ISessionRepository.ApplyEventAsync"/>): sessions
/// read here are locked until it commits, and every change to them is saved with the event id.
/// </summary>
public interface ISessionEventScope
{
    /// <summary>The session, locked for this event; null when no row exists yet.</summary>
    Task<Session?> FindAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>The session, locked; <paramref name="early"/> is inserted when no row exists yet. Null when
    /// its agent is not in its organization here (another deployment on the same LiveKit project).</summary>
    Task<Session?> FindOrAddAsync(Session early, CancellationToken cancellationToken);

    /// <summary>Open sessions seen in room <paramref name="roomSid"/>, locked.</summary>
    Task<IReadOnlyList<Session>> ListOpenInRoomAsync(string roomSid, CancellationToken cancellationToken);

    /// <summary>Remembers that room <paramref name="roomSid"/> finished (the earliest time stands), for joins that arrive after.</summary>
    Task RecordRoomFinishedAsync(string roomSid, DateTimeOffset finishedAt, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>When room <paramref name="roomSid"/> finished, if a <c>room_finished</c> said so.</summary>
    Task<DateTimeOffset?> RoomFinishedAtAsync(string roomSid, CancellationToken cancellationToken);

    /// <summary>Whether the session may hold a slot under its caps, with the reservation's locks held until commit.</summary>
    Task<bool> HasFreeSlotAsync(Session session, DateTimeOffset now, TimeSpan joinWindow, CancellationToken cancellationToken);
}
