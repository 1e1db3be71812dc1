namespace Agentsgt.Application.Sessions.Commands.RecordLiveKitEvent;

/// <summary>The LiveKit webhook events the ledger reads; every other one is ignored.</summary>
public enum LiveKitEventKind
{
    Other,
    ParticipantJoined,

    /// <summary><c>participant_left</c>, and <c>participant_connection_aborted</c> which ends a stay the same way.</summary>
    ParticipantLeft,
    RoomFinished,
}
