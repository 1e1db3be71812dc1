namespace Agentsgt.Application.Sessions.Queries.ListSessions;

public sealed class ListSessionsQueryHandler(IOrganizationRepository organizations, ISessionRepository sessions, IApiKeyRepository apiKeys, ISessionCursors cursors, TimeProvider clock)
    : IRequestHandler<ListSessionsQuery, SessionListDto>
{
    public async Task<SessionListDto> Handle(ListSessionsQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // The API's caller's organization exists; an operator's --org may not.
        await organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);
        UsageQueryValues.TryParseLimit(request.Limit, out var limit);
        var scope = request.CursorScope();
        var query = new SessionQuery(request.OrganizationId, limit + 1)
        {
            AgentId = UsageQueryValues.TryParseAgentId(request.AgentId, out var agentId) ? agentId : null,
            From = UsageQueryValues.TryParseTime(request.From, out var from) ? from : null,
            To = UsageQueryValues.TryParseTime(request.To, out var to) ? to : null,
            After = !UsageQueryValues.IsOmitted(request.Cursor) && cursors.TryRead(request.Cursor!.Trim(), scope, out var after) ? after : null,
        };

        // One row more than the page tells whether another page follows.
        var found = await sessions.ListAsync(query, cancellationToken).ConfigureAwait(false);
        var page = found.Take(limit).ToList();
        var publicKeys = await PublicKeysAsync(apiKeys, request.OrganizationId, page.Count > 0, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var next = found.Count > limit ? cursors.Write(new SessionCursor(page[^1].IssuedAt, page[^1].Id), scope) : null;
        return new SessionListDto(page.Select(s => SessionDto.From(s, publicKeys, now)).ToList(), next);
    }

    /// <summary>The organization's public keys by key id (sessions store the id).</summary>
    internal static async Task<IReadOnlyDictionary<Guid, string>> PublicKeysAsync(IApiKeyRepository apiKeys, Guid organizationId, bool needed, CancellationToken cancellationToken) =>
        needed
            ? (await apiKeys.ListByOrganizationAsync(organizationId, cancellationToken).ConfigureAwait(false)).ToDictionary(k => k.Id, k => k.PublicKey)
            : new Dictionary<Guid, string>();
}
