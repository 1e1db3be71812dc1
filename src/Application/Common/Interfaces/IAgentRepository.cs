namespace Agentsgt.Application.Common.Interfaces;

public interface IAgentRepository
{
    Task<ActiveAgent?> FindActiveAsync(Guid agentId, Guid organizationId, CancellationToken cancellationToken);

    Task<Agent?> GetAsync(Guid agentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Agent>> ListByOrganizationAsync(Guid organizationId, CancellationToken cancellationToken);

    Task AddAsync(Agent agent, CancellationToken cancellationToken);

    Task UpdateAsync(Agent agent, CancellationToken cancellationToken);
}
