namespace Agentsgt.Application.ApiKeys.Authentication;

/// <summary>The agent a token request's path names, read with the key in the request's one database read.</summary>
/// <param name="Id">The path's agent id; null when it is not a UUID.</param>
/// <param name="Permitted">That agent when it is live, in the key's organization and allowed to the key; else null.</param>
public sealed record RequestedAgent(Guid? Id, ActiveAgent? Permitted);
