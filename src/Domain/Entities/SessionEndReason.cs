namespace Agentsgt.Domain.Entities;

/// <summary>Why a session ended; stored and shown by <see cref="SessionEndReasons.Name"/>.</summary>
public enum SessionEndReason
{
    /// <summary>The visitor left (or its connection was aborted), or a rejoin replaced it.</summary>
    Left,

    /// <summary>LiveKit closed the room the session was seen in.</summary>
    RoomFinished,

    /// <summary>The service removed it at its <c>maxSessionSeconds</c>.</summary>
    DurationCap,

    /// <summary>The service removed it because it joined while a concurrency cap was full.</summary>
    OverCap,

    /// <summary>Its token was not used within the join window; its slot was freed.</summary>
    NeverJoined,

    /// <summary>Missing from two room listings in a row (its webhook was lost).</summary>
    Reconciled,

    /// <summary>Past its cap while LiveKit could not be reached to enforce it.</summary>
    Expired,
}
