namespace Agentsgt.Infrastructure.Persistence.Repositories;

/// <summary>The session ledger's reads for enforcement that the webhook path does not need.</summary>
public sealed partial class SessionRepository
{
    public async Task<IReadOnlyList<Session>> ListEndedByCapAsync(IReadOnlyCollection<Guid> sessionIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessionIds);
        if (sessionIds.Count == 0)
        {
            return [];
        }

        var ids = sessionIds.ToArray();
        return await db.Sessions
            .Where(s => ids.Contains(s.Id) && (s.EndReason == SessionEndReason.DurationCap || s.EndReason == SessionEndReason.OverCap))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
