namespace Agentsgt.Application.Agents.Commands.DeleteAgent;

public sealed record DeleteAgentResult(AgentDto Agent, bool AlreadyDeleted);
