namespace Agentsgt.Application.ApiKeys.Authentication;

/// <summary>The outcome: <see cref="ApiKeyCheck"/>, and the caller and its requested agent when it is <see cref="ApiKeyCheck.Ok"/>.</summary>
public readonly record struct ApiKeyAuthentication(ApiKeyCheck Result, AuthenticatedCaller? Caller, RequestedAgent? Agent = null);
