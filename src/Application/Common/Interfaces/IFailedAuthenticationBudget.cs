namespace Agentsgt.Application.Common.Interfaces;

/// <summary>The per-address budget of failed authentications: a lookup reserves a failure first, which it then spends or gives back.</summary>
public interface IFailedAuthenticationBudget
{
    /// <summary>Reserves a failure when the budget has room; otherwise says whether reservations in flight may still free some.</summary>
    ValueTask<FailureReservation> TryReserveAsync(string partition);

    /// <summary>Ends a reservation: <paramref name="failed"/> spends the failure, otherwise it goes back.</summary>
    ValueTask ResolveAsync(FailureReservation reservation, bool failed);

    /// <summary>Spends one failure at once, for an attempt that needed no lookup (never above the limit).</summary>
    ValueTask ChargeAsync(string partition);
}
