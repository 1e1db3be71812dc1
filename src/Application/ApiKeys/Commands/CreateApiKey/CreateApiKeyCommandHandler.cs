using Agentsgt.Application.Organizations;
using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

public sealed class CreateApiKeyCommandHandler : IRequestHandler<CreateApiKeyCommand, CreatedApiKeyDto>
{
    private readonly IOrganizationRepository _organizations;
    private readonly IApiKeyRepository _apiKeys;
    private readonly ISecretHasher _hasher;
    private readonly TimeProvider _clock;

    public CreateApiKeyCommandHandler(IOrganizationRepository organizations, IApiKeyRepository apiKeys, ISecretHasher hasher, TimeProvider clock)
    {
        _organizations = organizations;
        _apiKeys = apiKeys;
        _hasher = hasher;
        _clock = clock;
    }

    public async Task<CreatedApiKeyDto> Handle(CreateApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        // Only the hash under the current pepper is stored; the secret leaves in the result.
        var credentials = ApiKeyCredentials.Generate();
        var now = _clock.GetUtcNow();
        var key = new ApiKey(
            Guid.NewGuid(),
            request.OrganizationId,
            request.Name ?? string.Empty,
            credentials.PublicKey,
            _hasher.Hash(credentials.Secret),
            _hasher.CurrentPepperId,
            now,
            now + request.ExpiresIn);
        await _apiKeys.AddAsync(key, cancellationToken).ConfigureAwait(false);

        return new CreatedApiKeyDto(key.PublicKey, credentials.Secret, key.OrganizationId, key.Name, key.CreatedAt, key.ExpiresAt, _hasher.CurrentPepperId);
    }
}
