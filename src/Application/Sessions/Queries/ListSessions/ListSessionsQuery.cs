namespace Agentsgt.Application.Sessions.Queries.ListSessions;

/// <summary>
/// An organization's sessions, newest issue first: optionally one agent's, issued in
/// [<see cref="From"/>, <see cref="To"/>), after <see cref="Cursor"/>. Values are the query's text
/// (<see cref="UsageQueryValues"/>); another organization's agent matches nothing.
/// </summary>
public sealed record ListSessionsQuery(Guid OrganizationId) : IRequest<SessionListDto>
{
    public string? AgentId { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public string? Limit { get; init; }

    public string? Cursor { get; init; }

    /// <summary>What a cursor is bound to: the organization and the filters (not the page size).</summary>
    internal string CursorScope()
    {
        var agent = UsageQueryValues.TryParseAgentId(AgentId, out var agentId) ? agentId.ToString("N") : string.Empty;
        return string.Join('|', OrganizationId.ToString("N"), agent, Ticks(From), Ticks(To));
    }

    private static string Ticks(string? time) =>
        UsageQueryValues.TryParseTime(time, out var parsed) ? parsed.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
}
