namespace Agentsgt.Application.Agents.Commands.CreateAgent;

/// <summary>Create an agent in an existing organization. The name is trimmed.</summary>
public sealed record CreateAgentCommand(Guid OrganizationId, string Name) : IRequest<AgentDto>;
