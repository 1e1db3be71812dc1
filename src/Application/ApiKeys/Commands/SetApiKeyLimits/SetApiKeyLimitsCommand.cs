namespace Agentsgt.Application.ApiKeys.Commands.SetApiKeyLimits;

/// <summary>
/// Sets or clears a key's own caps (a null change leaves that cap as it is). They apply to tokens
/// issued from then on; open sessions keep the caps they were issued with.
/// </summary>
public sealed record SetApiKeyLimitsCommand(string PublicKey, CapChange? MaxConcurrentSessions, CapChange? MaxSessionSeconds) : IRequest<ApiKeyDto>;
