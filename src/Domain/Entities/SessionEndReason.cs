namespace Agentsgt.Domain.Entities;

/// <summary>Why a session ended; stored and shown by <see cref="SessionEndReasons.Name"/>.</summary>
public enum SessionEndReason
{
    Left,
    RoomFinished,
    DurationCap,
    OverCap,
    NeverJoined,
    Reconciled,
    Expired,
}
