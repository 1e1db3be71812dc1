namespace Agentsgt.Application.Sessions.Queries.GetUsage;

/// <summary>All groups together.</summary>
/// <param name="Sessions">Sessions joined in the range.</param>
/// <param name="Seconds">The sum of their rounded seconds.</param>
public sealed record UsageTotalDto(long Sessions, long Seconds);
