namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// One webhook event's transaction: its id is already recorded; sessions read here are locked
/// until <see cref="CommitAsync"/>. Disposing without committing records nothing.
/// </summary>
public interface ISessionEventScope : IAsyncDisposable
{
    /// <summary>The session, locked for this event; null when no row exists yet.</summary>
    Task<Session?> FindAsync(Guid sessionId, CancellationToken cancellationToken);

    /// <summary>The session, locked; when no row exists yet, <paramref name="early"/> (<see cref="Session.FromEvent"/>) is inserted and returned.</summary>
    Task<Session> FindOrAddAsync(Session early, CancellationToken cancellationToken);

    /// <summary>Open sessions seen in room <paramref name="roomSid"/>, locked.</summary>
    Task<IReadOnlyList<Session>> ListOpenInRoomAsync(string roomSid, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="session"/> may hold a slot under the caps fixed on it, others'
    /// reservations held off until commit (the reservation's locks and count).
    /// </summary>
    Task<bool> HasFreeSlotAsync(Session session, DateTimeOffset now, TimeSpan joinWindow, CancellationToken cancellationToken);

    /// <summary>Saves every change to the sessions read here, with the event id.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}
