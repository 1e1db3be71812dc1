namespace Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

public sealed record RevokeApiKeyResult(ApiKeyDto ApiKey, bool AlreadyRevoked);
