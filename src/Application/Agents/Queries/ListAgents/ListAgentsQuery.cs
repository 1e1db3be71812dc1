namespace Agentsgt.Application.Agents.Queries.ListAgents;

public sealed record ListAgentsQuery(Guid OrganizationId) : IRequest<IReadOnlyList<AgentDto>>;
