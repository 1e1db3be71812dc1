namespace Agentsgt.Application.Sessions.Queries.GetUsage;

/// <summary>One group's usage.</summary>
/// <param name="Key">The agent id, the key's public part, or the UTC day (<c>YYYY-MM-DD</c>) of the join.</param>
/// <param name="Sessions">Sessions joined in the range.</param>
/// <param name="Seconds">The sum of their seconds, each rounded up; an open session counts up to now.</param>
public sealed record UsageGroupDto(string Key, long Sessions, long Seconds);
