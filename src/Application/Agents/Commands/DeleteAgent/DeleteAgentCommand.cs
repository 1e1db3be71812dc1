namespace Agentsgt.Application.Agents.Commands.DeleteAgent;

/// <summary>
/// Soft-delete an agent: the row stays, the token endpoint answers 404 for it from the next
/// request on. Deleting a deleted agent changes nothing (its first deletion time is kept).
/// </summary>
public sealed record DeleteAgentCommand(Guid AgentId) : IRequest<DeleteAgentResult>;
