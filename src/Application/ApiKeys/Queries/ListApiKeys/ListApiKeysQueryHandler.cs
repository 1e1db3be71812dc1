using Agentsgt.Application.Organizations;
using Agentsgt.Application.Common.Exceptions;
using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Queries.ListApiKeys;

public sealed class ListApiKeysQueryHandler : IRequestHandler<ListApiKeysQuery, ApiKeyListDto>
{
    private readonly IOrganizationRepository _organizations;
    private readonly IApiKeyRepository _apiKeys;
    private readonly ISecretHasher _hasher;
    private readonly TimeProvider _clock;

    public ListApiKeysQueryHandler(IOrganizationRepository organizations, IApiKeyRepository apiKeys, ISecretHasher hasher, TimeProvider clock)
    {
        _organizations = organizations;
        _apiKeys = apiKeys;
        _hasher = hasher;
        _clock = clock;
    }

    public async Task<ApiKeyListDto> Handle(ListApiKeysQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await _organizations.EnsureExistsAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);

        var keys = await _apiKeys.ListByOrganizationAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var current = _hasher.CurrentPepperId;
        return new ApiKeyListDto(current, keys.Select(k => ApiKeyDto.From(k, current, now)).ToList());
    }
}
