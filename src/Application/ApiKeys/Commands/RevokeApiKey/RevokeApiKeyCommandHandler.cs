using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Commands.RevokeApiKey;

public sealed class RevokeApiKeyCommandHandler : IRequestHandler<RevokeApiKeyCommand, ApiKeyDto>
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

    public async Task<ApiKeyDto> Handle(RevokeApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = await _apiKeys.GetByPublicKeyAsync(request.PublicKey, cancellationToken).ConfigureAwait(false)
                  ?? throw new NotFoundException($"API key {request.PublicKey} does not exist");
        var now = _clock.GetUtcNow();
        if (key.RevokedAt is null)
        {
            key.Revoke(now);
            await _apiKeys.UpdateAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return ApiKeyDto.From(key, _hasher.CurrentPepperId, now);
    }
}
