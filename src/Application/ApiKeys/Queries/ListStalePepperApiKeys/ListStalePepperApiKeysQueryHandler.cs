namespace Agentsgt.Application.ApiKeys.Queries.ListStalePepperApiKeys;

public sealed class ListStalePepperApiKeysQueryHandler(IOrganizationRepository organizations, IApiKeyRepository apiKeys, ISecretHasher hasher, TimeProvider clock) : IRequestHandler<ListStalePepperApiKeysQuery, ApiKeyListDto>
{
    public async Task<ApiKeyListDto> Handle(ListStalePepperApiKeysQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OrganizationId is { } organizationId)
        {
            await organizations.EnsureExistsAsync(organizationId, cancellationToken).ConfigureAwait(false);
        }

        var now = clock.GetUtcNow();
        var current = hasher.CurrentPepperId;
        var keys = await apiKeys.ListActiveNotOnPepperAsync(current, request.OrganizationId, now, cancellationToken).ConfigureAwait(false);
        return new ApiKeyListDto(current, keys.Select(k => ApiKeyDto.From(k, current, now)).ToList());
    }
}
