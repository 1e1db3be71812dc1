namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// What <see cref="ISessionRepository.ReserveAsync"/> did: inserted the session, or found a cap
/// full (<see cref="FullCap"/>, nothing inserted). A rejoin names the session it replaces.
/// </summary>
public sealed record SessionReservation(SessionCapLevel? FullCap, Guid? ReplacesSessionId)
{
    public bool Reserved => FullCap is null;
}
