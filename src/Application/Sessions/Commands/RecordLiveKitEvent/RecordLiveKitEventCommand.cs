namespace Agentsgt.Application.Sessions.Commands.RecordLiveKitEvent;

/// <summary>
/// One verified LiveKit webhook event, read from its protojson at the edge: its id (applied once),
/// what happened, to which room and session, and when (LiveKit's time; null when it sent none).
/// </summary>
public sealed record RecordLiveKitEventCommand(string EventId, LiveKitEventKind Kind, DateTimeOffset? OccurredAt, DateTimeOffset ReceivedAt)
    : IRequest<LiveKitEventOutcome>
{
    public string? RoomName { get; init; }

    public string? RoomSid { get; init; }

    /// <summary>The participant, when it carries <c>agentsgt.sessionId</c>; null for anyone else.</summary>
    public LiveKitEventParticipant? Participant { get; init; }
}
