namespace Agentsgt.Application.Sessions.Commands.RecordLiveKitEvent;

/// <summary>What became of one webhook event (the metric's <c>result</c>).</summary>
public enum LiveKitEventOutcome
{
    /// <summary>Not about a session (another event type, or a participant without <c>agentsgt.sessionId</c>).</summary>
    Ignored,

    /// <summary>Already applied: a redelivery, here or on another instance.</summary>
    Duplicate,

    /// <summary>Recorded in the ledger.</summary>
    Applied,

    /// <summary>Recorded, and the participant removed from its room (a join over a cap).</summary>
    Removed,
}
