namespace Agentsgt.Application.ApiKeys.Authentication;

/// <summary>
/// Who is asking, once the key is authenticated: the one typed object the rest of the request
/// works with (the web layer keeps it in <c>HttpContext.Features</c>). It also carries what the
/// request's one database read returned about the path's agent, so the token handler decides the
/// 404 without a second query.
/// </summary>
/// <param name="ApiKeyId">The authenticated key.</param>
/// <param name="OrganizationId">The key's organization: every later check is scoped to it.</param>
/// <param name="Kind">Secret or publishable (publishable keys have stricter limits).</param>
public sealed record AuthenticatedCaller(Guid ApiKeyId, Guid OrganizationId, ApiKeyKind Kind)
{
    /// <summary>A publishable key's agent allow-list; null means every agent of the organization.</summary>
    public IReadOnlyCollection<Guid>? AllowedAgentIds { get; init; }

    /// <summary>The path's agent id, parsed once (<see cref="Agent.TryParseId"/>); null when it is not a UUID.</summary>
    public Guid? AgentId { get; init; }

    /// <summary>
    /// That agent as read with the key: live and in <see cref="OrganizationId"/>; null when there is
    /// no such agent (or the path named none).
    /// </summary>
    public ActiveAgent? Agent { get; init; }

    /// <summary>The key's and its organization's own session caps, read with the key.</summary>
    public StoredSessionCaps SessionCaps { get; init; } = StoredSessionCaps.None;

    /// <summary>
    /// The agent this caller may get a token for: the one read, unless a publishable key's
    /// allow-list leaves it out (then it is answered exactly like a missing one).
    /// </summary>
    public ActiveAgent? PermittedAgent =>
        Agent is { } agent && (AllowedAgentIds is null || AllowedAgentIds.Contains(agent.Id)) ? agent : null;
}
