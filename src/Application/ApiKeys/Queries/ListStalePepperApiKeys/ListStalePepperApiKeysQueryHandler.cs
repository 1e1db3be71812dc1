using Agentsgt.Application.Organizations;
using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Queries.ListStalePepperApiKeys;

public sealed class ListStalePepperApiKeysQueryHandler : IRequestHandler<ListStalePepperApiKeysQuery, ApiKeyListDto>
{
    private readonly IOrganizationRepository _organizations;
    private readonly IApiKeyRepository _apiKeys;
    private readonly ISecretHasher _hasher;
    private readonly TimeProvider _clock;

    public ListStalePepperApiKeysQueryHandler(IOrganizationRepository organizations, IApiKeyRepository apiKeys, ISecretHasher hasher, TimeProvider clock)
    {
        _organizations = organizations;
        _apiKeys = apiKeys;
        _hasher = hasher;
        _clock = clock;
    }

    public async Task<ApiKeyListDto> Handle(ListStalePepperApiKeysQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.OrganizationId is { } organizationId)
        {
            await _organizations.EnsureExistsAsync(organizationId, cancellationToken).ConfigureAwait(false);
        }

        var now = _clock.GetUtcNow();
        var current = _hasher.CurrentPepperId;
        var keys = await _apiKeys.ListActiveNotOnPepperAsync(current, request.OrganizationId, now, cancellationToken).ConfigureAwait(false);
        return new ApiKeyListDto(current, keys.Select(k => ApiKeyDto.From(k, current, now)).ToList());
    }
}
