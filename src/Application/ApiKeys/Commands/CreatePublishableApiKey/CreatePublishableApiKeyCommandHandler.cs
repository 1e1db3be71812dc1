namespace Agentsgt.Application.ApiKeys.Commands.CreatePublishableApiKey;

public sealed class CreatePublishableApiKeyCommandHandler(IOrganizationRepository organizations, IAgentRepository agents, IApiKeyRepository apiKeys, TimeProvider clock) : IRequestHandler<CreatePublishableApiKeyCommand, CreatedPublishableApiKeyDto>
{
    public async Task<CreatedPublishableApiKeyDto> Handle(CreatePublishableApiKeyCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        // The allow-list may name only this organization's live agents (a few, operator-typed).
        foreach (var agentId in request.AllowedAgentIds.Distinct())
        {
            if (await agents.FindActiveAsync(agentId, request.OrganizationId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw new NotFoundException($"agent {agentId:D} does not exist in organization {request.OrganizationId:D}");
            }
        }

        // The command normalized the origins once (the validator refused any that were not); the key keeps each once.
        var now = clock.GetUtcNow();
        var key = ApiKey.CreatePublishable(
            Guid.NewGuid(),
            request.OrganizationId,
            request.Name ?? string.Empty,
            ApiKeyCredentials.NewPublicKey(),
            request.NormalizedOrigins,
            request.AllowedAgentIds,
            now,
            now + request.ExpiresIn);
        await apiKeys.AddAsync(key, cancellationToken).ConfigureAwait(false);

        return new CreatedPublishableApiKeyDto(key.PublicKey, key.OrganizationId, key.Name, key.CreatedAt, key.ExpiresAt, key.AllowedOrigins, key.AllowedAgentIds);
    }
}
