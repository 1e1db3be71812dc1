namespace Agentsgt.Application.Common.Interfaces;

/// <summary>Agents as the token path needs them.</summary>
public interface IAgentRepository
{
    /// <summary>True when the agent exists, is not deleted and belongs to the organization.</summary>
    Task<bool> ExistsActiveAsync(Guid agentId, Guid organizationId, CancellationToken cancellationToken);
}
