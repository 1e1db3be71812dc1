using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

public sealed class RevokeApiKeyCommandHandler : IRequestHandler<RevokeApiKeyCommand, RevokeApiKeyResult>
{
    private readonly IApiKeyRepository _apiKeys;
    private readonly ISecretHasher _hasher;
    private readonly TimeProvider _clock;

    public RevokeApiKeyCommandHandler(IApiKeyRepository apiKeys, ISecretHasher hasher, TimeProvider clock)
    {
        _apiKeys = apiKeys;
        _hasher = hasher;
        _clock = clock;
    }

    public async Task<RevokeApiKeyResult> Handle(RevokeApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = await _apiKeys.GetByPublicKeyAsync(request.PublicKey, cancellationToken).ConfigureAwait(false)
                  ?? throw new NotFoundException($"API key {request.PublicKey} does not exist");
        var now = _clock.GetUtcNow();
        if (key.RevokedAt is not null)
        {
            return new RevokeApiKeyResult(ApiKeyDto.From(key, _hasher.CurrentPepperId, now), AlreadyRevoked: true);
        }

        key.Revoke(now);
        await _apiKeys.UpdateAsync(key, cancellationToken).ConfigureAwait(false);
        return new RevokeApiKeyResult(ApiKeyDto.From(key, _hasher.CurrentPepperId, now), AlreadyRevoked: false);
    }
}
