using Agentsgt.Domain.Entities;

namespace Agentsgt.Application.Agents;

/// <param name="LiveKitAgentName">The LiveKit agent (worker) its tokens dispatch explicitly; null when routing by room name.</param>
public sealed record AgentDto(Guid Id, Guid OrganizationId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt, string? LiveKitAgentName)
{
    public static AgentDto From(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new AgentDto(agent.Id, agent.OrganizationId, agent.Name, agent.CreatedAt, agent.DeletedAt, agent.LiveKitAgentName);
    }
}
