using Agentsgt.Application.Sessions.Commands.RemoveSessionParticipant;

namespace Agentsgt.Application.Sessions.Commands.RecordLiveKitEvent;

// Once per event id, in one transaction; a participant whose join a cap refuses is removed after it.
public sealed class RecordLiveKitEventCommandHandler(ISessionRepository sessions, IMediator mediator, SessionPolicy policy)
    : IRequestHandler<RecordLiveKitEventCommand, LiveKitEventOutcome>
{
    public async Task<LiveKitEventOutcome> Handle(RecordLiveKitEventCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var aboutASession = request.Kind switch
        {
            LiveKitEventKind.ParticipantJoined or LiveKitEventKind.ParticipantLeft => request.Participant is not null,
            LiveKitEventKind.RoomFinished => !string.IsNullOrEmpty(request.RoomSid),
            _ => false,
        };
        if (!aboutASession)
        {
            return LiveKitEventOutcome.Ignored;
        }

        Session? toRemove = null;
        var applied = await sessions.ApplyEventAsync(
            request.EventId,
            request.ReceivedAt,
            async (scope, token) => toRemove = request.Kind switch
            {
                LiveKitEventKind.ParticipantJoined => await JoinAsync(request, scope, token).ConfigureAwait(false),
                LiveKitEventKind.ParticipantLeft => await LeaveAsync(request, scope, token).ConfigureAwait(false),
                _ => await FinishRoomAsync(request, scope, token).ConfigureAwait(false),
            },
            cancellationToken).ConfigureAwait(false);
        if (!applied)
        {
            return LiveKitEventOutcome.Duplicate;
        }

        if (toRemove is null)
        {
            return LiveKitEventOutcome.Applied;
        }

        // Recorded first, so a failed removal is retried by enforcement, never forgotten.
        await mediator.Send(new RemoveSessionParticipantCommand(toRemove.RoomName, toRemove.Identity), cancellationToken).ConfigureAwait(false);
        return LiveKitEventOutcome.Removed;
    }

    /// <summary>The session to remove from its room, if the join is refused.</summary>
    private async Task<Session?> JoinAsync(RecordLiveKitEventCommand request, ISessionEventScope scope, CancellationToken cancellationToken)
    {
        var session = await FindAsync(request, scope, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return null;
        }

        var at = session.Clamp(request.OccurredAt ?? request.ReceivedAt, request.ReceivedAt);
        var join = session.Join(at, request.RoomSid);

        // Its room may have finished already (events arrive in any order).
        if (request.RoomSid is { } roomSid && await scope.RoomFinishedAtAsync(roomSid, cancellationToken).ConfigureAwait(false) is { } finishedAt && finishedAt >= at)
        {
            session.End(SessionEndReason.RoomFinished, session.Clamp(finishedAt, request.ReceivedAt));
            return null;
        }

        if (join == SessionJoin.Joined && session.ReplacesSessionId is { } replacedId
            && await scope.FindAsync(replacedId, cancellationToken).ConfigureAwait(false) is { } replaced)
        {
            session.Continue(replaced, at);
        }

        switch (join)
        {
            case SessionJoin.RemoveNow:
                return session;
            case SessionJoin.ReopenIfCapsAllow:
                session.Reopen();
                if (await scope.HasFreeSlotAsync(session, request.ReceivedAt, policy.JoinWindow, cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                session.End(SessionEndReason.OverCap, at);
                return session;
            default:
                return null;
        }
    }

    private static async Task<Session?> LeaveAsync(RecordLiveKitEventCommand request, ISessionEventScope scope, CancellationToken cancellationToken)
    {
        var session = await FindAsync(request, scope, cancellationToken).ConfigureAwait(false);
        session?.End(SessionEndReason.Left, session.Clamp(request.OccurredAt ?? request.ReceivedAt, request.ReceivedAt));
        return null;
    }

    private static async Task<Session?> FinishRoomAsync(RecordLiveKitEventCommand request, ISessionEventScope scope, CancellationToken cancellationToken)
    {
        await scope.RecordRoomFinishedAsync(request.RoomSid!, request.OccurredAt ?? request.ReceivedAt, request.ReceivedAt, cancellationToken).ConfigureAwait(false);
        foreach (var session in await scope.ListOpenInRoomAsync(request.RoomSid!, cancellationToken).ConfigureAwait(false))
        {
            session.End(SessionEndReason.RoomFinished, session.Clamp(request.OccurredAt ?? request.ReceivedAt, request.ReceivedAt));
        }

        return null;
    }

    // A session whose issue is not saved yet (written behind) is started from what the event tells,
    // so a join or a left that arrives first loses nothing.
    private static async Task<Session?> FindAsync(RecordLiveKitEventCommand request, ISessionEventScope scope, CancellationToken cancellationToken)
    {
        var participant = request.Participant!;
        if (await scope.FindAsync(participant.SessionId, cancellationToken).ConfigureAwait(false) is { } session)
        {
            return session;
        }

        if (participant.OrganizationId is not { } organizationId || participant.AgentId is not { } agentId || string.IsNullOrEmpty(request.RoomName))
        {
            return null;
        }

        var early = Session.FromEvent(participant.SessionId, organizationId, agentId, request.RoomName, participant.Identity, request.OccurredAt ?? request.ReceivedAt);
        return await scope.FindOrAddAsync(early, cancellationToken).ConfigureAwait(false);
    }
}
