namespace Agentsgt.Application.ApiKeys.Authentication;

public sealed record RequestedAgent(Guid? Id, ActiveAgent? Permitted);
