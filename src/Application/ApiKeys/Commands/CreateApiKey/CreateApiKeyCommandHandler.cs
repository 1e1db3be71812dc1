namespace Agentsgt.Application.ApiKeys.Commands.CreateApiKey;

public sealed class CreateApiKeyCommandHandler(IOrganizationRepository organizations, IApiKeyRepository apiKeys, ISecretHasher hasher, TimeProvider clock) : IRequestHandler<CreateApiKeyCommand, CreatedApiKeyDto>
{
    public async Task<CreatedApiKeyDto> Handle(CreateApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        // Only the hash under the current pepper is stored; the secret leaves in the result.
        var credentials = ApiKeyCredentials.Generate();
        var now = clock.GetUtcNow();
        var key = new ApiKey(
            Guid.NewGuid(),
            request.OrganizationId,
            request.Name ?? string.Empty,
            credentials.PublicKey,
            hasher.Hash(credentials.Secret),
            hasher.CurrentPepperId,
            now,
            now + request.ExpiresIn);
        await apiKeys.AddAsync(key, cancellationToken).ConfigureAwait(false);

        return new CreatedApiKeyDto(key.PublicKey, credentials.Secret, key.OrganizationId, key.Name, key.CreatedAt, key.ExpiresAt, hasher.CurrentPepperId);
    }
}
