namespace Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

/// <summary>
/// Revoke a key by its public part. Takes effect on the next request (keys are not cached).
/// Revoking a revoked key changes nothing (its first revocation time is kept).
/// </summary>
public sealed record RevokeApiKeyCommand(string PublicKey) : IRequest<RevokeApiKeyResult>;
