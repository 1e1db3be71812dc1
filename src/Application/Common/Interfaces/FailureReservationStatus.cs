namespace Agentsgt.Application.Common.Interfaces;

public enum FailureReservationStatus
{
    /// <summary>One failure is set aside for this lookup.</summary>
    Reserved,

    /// <summary>No room now, but reservations in flight may give some back: try again shortly.</summary>
    Wait,

    /// <summary>Spent: failures alone fill the budget.</summary>
    Spent,
}
