using Agentsgt.Domain.Entities;

namespace Agentsgt.Application.Agents;

public sealed record AgentDto(Guid Id, Guid OrganizationId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt)
{
    public static AgentDto From(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new AgentDto(agent.Id, agent.OrganizationId, agent.Name, agent.CreatedAt, agent.DeletedAt);
    }
}
