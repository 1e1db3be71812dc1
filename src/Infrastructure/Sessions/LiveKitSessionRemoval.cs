namespace Agentsgt.Infrastructure.Sessions;

/// <summary>How a session's visitor leaves LiveKit when a cap ends it.</summary>
public static class LiveKitSessionRemoval
{
    // At its duration cap a random room holds this one visitor: deleting it also stops the agent.
    // Elsewhere, and for a join over the concurrency cap, only the visitor goes.
    public static Task RemoveAsync(this ILiveKitRoomService liveKit, Session session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(liveKit);
        ArgumentNullException.ThrowIfNull(session);
        return session.RandomRoom && session.EndReason == SessionEndReason.DurationCap
            ? liveKit.DeleteRoomAsync(session.RoomName, cancellationToken)
            : liveKit.RemoveParticipantAsync(session.RoomName, session.Identity, cancellationToken);
    }
}
