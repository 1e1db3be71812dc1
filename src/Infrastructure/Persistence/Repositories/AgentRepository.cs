namespace Agentsgt.Infrastructure.Persistence.Repositories;

public sealed class AgentRepository(AgentsgtDbContext db) : IAgentRepository
{
    // A live agent of an organization, with its dispatch name (publishable keys' agent lists; the
    // token path reads its agent with the key, in ApiKeyRepository).
    private static readonly Func<AgentsgtDbContext, Guid, Guid, CancellationToken, Task<ActiveAgent?>> FindActive =
        EF.CompileAsyncQuery((AgentsgtDbContext db, Guid agentId, Guid organizationId, CancellationToken _) =>
            db.Agents
                .Where(a => a.Id == agentId && a.OrganizationId == organizationId && a.DeletedAt == null)
                .Select(a => new ActiveAgent(a.Id, a.OrganizationId, a.LiveKitAgentName))
                .FirstOrDefault());

    public Task<ActiveAgent?> FindActiveAsync(Guid agentId, Guid organizationId, CancellationToken cancellationToken) =>
        FindActive(db, agentId, organizationId, cancellationToken);

    public Task<Agent?> GetAsync(Guid agentId, CancellationToken cancellationToken) =>
        db.Agents.AsTracking().FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken);

    public async Task<IReadOnlyList<Agent>> ListByOrganizationAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.Agents
            .Where(a => a.OrganizationId == organizationId)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task AddAsync(Agent agent, CancellationToken cancellationToken)
    {
        db.Agents.Add(agent);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task UpdateAsync(Agent agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (db.Entry(agent).State == EntityState.Detached)
        {
            db.Agents.Update(agent);
        }

        return db.SaveChangesAsync(cancellationToken);
    }
}
