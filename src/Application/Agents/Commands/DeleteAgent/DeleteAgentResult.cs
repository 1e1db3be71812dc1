namespace Agentsgt.Application.Agents.Commands.DeleteAgent;

/// <summary>The agent after the command; <see cref="AlreadyDeleted"/> when this call changed nothing.</summary>
public sealed record DeleteAgentResult(AgentDto Agent, bool AlreadyDeleted);
