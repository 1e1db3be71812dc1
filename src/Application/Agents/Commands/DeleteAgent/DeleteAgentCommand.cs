namespace Agentsgt.Application.Agents.Commands.DeleteAgent;

public sealed record DeleteAgentCommand(Guid AgentId) : IRequest<DeleteAgentResult>;
