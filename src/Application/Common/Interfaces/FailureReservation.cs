namespace Agentsgt.Application.Common.Interfaces;

/// <summary>What <see cref="IFailedAuthenticationBudget.TryReserveAsync"/> answered for one partition, and where it holds the reservation.</summary>
public readonly record struct FailureReservation(string Partition, FailureReservationStatus Status, string Id, bool Local)
{
    /// <summary>A reservation not resolved within this is forgotten (its instance stopped): longer than any lookup may take.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);
}
