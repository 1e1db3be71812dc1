namespace Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

// Takes effect on the next request: keys are not cached.
public sealed record RevokeApiKeyCommand(string PublicKey) : IRequest<RevokeApiKeyResult>;
