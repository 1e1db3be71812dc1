namespace Agentsgt.Application.Sessions.Queries.GetUsage;

/// <summary>
/// An organization's usage: sessions joined in [<see cref="From"/>, <see cref="To"/>) (default: the
/// 30 days before now), grouped by agent, key or UTC day (default day). Values are the query's text
/// (<see cref="UsageQueryValues"/>).
/// </summary>
public sealed record GetUsageQuery(Guid OrganizationId) : IRequest<UsageDto>
{
    public string? From { get; init; }

    public string? To { get; init; }

    public string? GroupBy { get; init; }
}
