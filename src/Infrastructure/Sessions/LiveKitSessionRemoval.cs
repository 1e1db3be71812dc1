namespace Agentsgt.Infrastructure.Sessions;

/// <summary>How a session's visitor leaves LiveKit when a cap ends it.</summary>
public static class LiveKitSessionRemoval
{
    /// <summary>A random room holds this one visitor: deleting it also stops the agent. Elsewhere only the visitor goes.</summary>
    public static Task RemoveAsync(this ILiveKitRoomService liveKit, Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(liveKit);
        ArgumentNullException.ThrowIfNull(session);
        return session.RandomRoom
            ? liveKit.DeleteRoomAsync(session.RoomName, cancellationToken)
            : liveKit.RemoveParticipantAsync(session.RoomName, session.Identity, cancellationToken);
    }
}
