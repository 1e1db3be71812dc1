using Agentsgt.Application.Sessions.Queries.ListSessions;

namespace Agentsgt.Application.Sessions.Queries.GetUsage;

public sealed class GetUsageQueryHandler(IOrganizationRepository organizations, ISessionRepository sessions, IApiKeyRepository apiKeys, TimeProvider clock) : IRequestHandler<GetUsageQuery, UsageDto>
{
    public async Task<UsageDto> Handle(GetUsageQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var to = UsageQueryValues.TryParseTime(request.To, out var end) ? end : now;
        var from = UsageQueryValues.TryParseTime(request.From, out var start) ? start
            : to.UtcTicks > UsageQueryValues.DefaultRange.Ticks ? to - UsageQueryValues.DefaultRange
            : DateTimeOffset.MinValue;
        if (from >= to)
        {
            // Only a future from without to gets here: an empty range, not an error.
            to = from;
        }

        UsageQueryValues.TryParseGrouping(request.GroupBy, out var grouping);
        var groups = await sessions.SumUsageAsync(request.OrganizationId, from, to, grouping, now, cancellationToken).ConfigureAwait(false);

        // The ledger groups by key id; the caller knows keys by their public part.
        var publicKeys = await ListSessionsQueryHandler.PublicKeysAsync(apiKeys, request.OrganizationId, grouping == SessionUsageGrouping.Key && groups.Count > 0, cancellationToken).ConfigureAwait(false);
        var dtos = groups
            .Select(g => new UsageGroupDto(
                grouping == SessionUsageGrouping.Key && Guid.TryParse(g.Key, out var keyId) && publicKeys.TryGetValue(keyId, out var publicKey) ? publicKey : g.Key,
                g.Sessions,
                g.Seconds))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        return new UsageDto(from.UtcDateTime, to.UtcDateTime, dtos, new UsageTotalDto(dtos.Sum(g => g.Sessions), dtos.Sum(g => g.Seconds)));
    }
}
