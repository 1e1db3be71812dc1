namespace Agentsgt.Application.Agents.Queries.ListAgents;

/// <summary>An existing organization's agents, deleted ones included, oldest first.</summary>
public sealed record ListAgentsQuery(Guid OrganizationId) : IRequest<IReadOnlyList<AgentDto>>;
