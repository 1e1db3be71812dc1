namespace Agentsgt.Application.ApiKeys.Queries.ListApiKeys;

public sealed class ListApiKeysQueryHandler(IOrganizationRepository organizations, IApiKeyRepository apiKeys, ISecretHasher hasher, SessionPolicy policy, TimeProvider clock) : IRequestHandler<ListApiKeysQuery, ApiKeyListDto>
{
    public async Task<ApiKeyListDto> Handle(ListApiKeysQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var organization = await organizations.GetExistingAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        var keys = await apiKeys.ListByOrganizationAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var current = hasher.CurrentPepperId;
        return new ApiKeyListDto(current, keys.Select(k => ApiKeyDto.From(k, current, now) with { SessionCaps = EffectiveSessionCapsDto.For(k, organization, policy) }).ToList());
    }
}
