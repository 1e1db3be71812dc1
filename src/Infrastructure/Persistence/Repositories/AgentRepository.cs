using Agentsgt.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Infrastructure.Persistence.Repositories;

public sealed class AgentRepository : IAgentRepository
{
    private static readonly Func<AgentsgtDbContext, Guid, Guid, CancellationToken, Task<bool>> ExistsActive =
        EF.CompileAsyncQuery((AgentsgtDbContext db, Guid agentId, Guid organizationId, CancellationToken _) =>
            db.Agents.Any(a => a.Id == agentId && a.OrganizationId == organizationId && a.DeletedAt == null));

    private readonly AgentsgtDbContext _db;

    public AgentRepository(AgentsgtDbContext db)
    {
        _db = db;
    }

    public Task<bool> ExistsActiveAsync(Guid agentId, Guid organizationId, CancellationToken cancellationToken) =>
        ExistsActive(_db, agentId, organizationId, cancellationToken);
}
