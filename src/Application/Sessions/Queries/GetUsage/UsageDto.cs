namespace Agentsgt.Application.Sessions.Queries.GetUsage;

/// <summary>Usage of the sessions joined in [<c>from</c>, <c>to</c>), per group and in total.</summary>
/// <param name="From">Start of the range (UTC, inclusive).</param>
/// <param name="To">End of the range (UTC, exclusive).</param>
/// <param name="Groups">One entry per agent, key or UTC day that had sessions, ordered by key.</param>
/// <param name="Total">All the groups together.</param>
public sealed record UsageDto(DateTime From, DateTime To, IReadOnlyList<UsageGroupDto> Groups, UsageTotalDto Total);
