namespace Agentsgt.Application.ApiKeys.Authentication;

public readonly record struct ApiKeyAuthentication(ApiKeyCheck Result, AuthenticatedCaller? Caller, RequestedAgent? Agent = null);
