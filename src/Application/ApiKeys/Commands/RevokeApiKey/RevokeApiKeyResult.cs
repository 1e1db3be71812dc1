namespace Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

/// <summary>The key after the command; <see cref="AlreadyRevoked"/> when this call changed nothing.</summary>
public sealed record RevokeApiKeyResult(ApiKeyDto ApiKey, bool AlreadyRevoked);
