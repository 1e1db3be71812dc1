namespace Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

public sealed class RevokeApiKeyCommandHandler(IApiKeyRepository apiKeys, ISecretHasher hasher, TimeProvider clock) : IRequestHandler<RevokeApiKeyCommand, RevokeApiKeyResult>
{
    public async Task<RevokeApiKeyResult> Handle(RevokeApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = await apiKeys.GetByPublicKeyAsync(request.PublicKey, cancellationToken).ConfigureAwait(false)
                  ?? throw new NotFoundException($"API key {request.PublicKey} does not exist");
        var now = clock.GetUtcNow();
        if (key.RevokedAt is not null)
        {
            return new RevokeApiKeyResult(ApiKeyDto.From(key, hasher.CurrentPepperId, now), AlreadyRevoked: true);
        }

        key.Revoke(now);
        await apiKeys.UpdateAsync(key, cancellationToken).ConfigureAwait(false);
        return new RevokeApiKeyResult(ApiKeyDto.From(key, hasher.CurrentPepperId, now), AlreadyRevoked: false);
    }
}
