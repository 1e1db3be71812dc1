namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// The per-address budget of failed authentications, shared by every instance when it can be.
/// A lookup reserves one failure before it runs, and the reservation resolves as a failure (spent)
/// or not (given back); reservations in flight count against the budget until then.
/// </summary>
public interface IFailedAuthenticationBudget
{
    /// <summary>Reserves a failure when the budget has room; otherwise says whether reservations in flight may still free some.</summary>
    ValueTask<FailureReservation> TryReserveAsync(string partition);

    /// <summary>Ends a reservation: <paramref name="failed"/> spends the failure, otherwise it goes back.</summary>
    ValueTask ResolveAsync(FailureReservation reservation, bool failed);

    /// <summary>Spends one failure at once, for an attempt that needed no lookup (never above the limit).</summary>
    ValueTask ChargeAsync(string partition);
}
