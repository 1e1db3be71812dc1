namespace Agentsgt.Application.Common.Interfaces;

/// <summary>Agents as the management commands need them (the token path reads its agent with the key: IApiKeyRepository.FindKeyAndAgentAsync).</summary>
public interface IAgentRepository
{
    /// <summary>The agent when it exists, is not deleted and belongs to the organization; else null.</summary>
    Task<ActiveAgent?> FindActiveAsync(Guid agentId, Guid organizationId, CancellationToken cancellationToken);

    /// <summary>The agent, deleted or not, tracked for <see cref="UpdateAsync"/>; null when there is none.</summary>
    Task<Agent?> GetAsync(Guid agentId, CancellationToken cancellationToken);

    /// <summary>An organization's agents, deleted ones included, oldest first.</summary>
    Task<IReadOnlyList<Agent>> ListByOrganizationAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>Inserts the agent and saves.</summary>
    Task AddAsync(Agent agent, CancellationToken cancellationToken);

    /// <summary>Saves the changes made to an agent read with <see cref="GetAsync"/>.</summary>
    Task UpdateAsync(Agent agent, CancellationToken cancellationToken);
}
