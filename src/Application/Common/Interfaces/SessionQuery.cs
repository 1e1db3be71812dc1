namespace Agentsgt.Application.Common.Interfaces;

/// <summary>
/// Which sessions <see cref="ISessionRepository.ListAsync"/> returns: one organization's, issued
/// in [<see cref="From"/>, <see cref="To"/>), optionally one agent's, after a cursor, at most <see cref="Limit"/>.
/// </summary>
public sealed record SessionQuery(Guid OrganizationId, int Limit)
{
    public Guid? AgentId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>The last session of the previous page: only sessions issued before it (ties by id) follow.</summary>
    public SessionCursor? After { get; init; }
}

/// <summary>A keyset position in a newest-first listing.</summary>
public sealed record SessionCursor(DateTimeOffset IssuedAt, Guid SessionId);
