using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.ApiKeys.Queries.ListPublishableOrigins;

public sealed class ListPublishableOriginsQueryHandler : IRequestHandler<ListPublishableOriginsQuery, IReadOnlyList<string>>
{
    private readonly IApiKeyRepository _apiKeys;
    private readonly TimeProvider _clock;

    public ListPublishableOriginsQueryHandler(IApiKeyRepository apiKeys, TimeProvider clock)
    {
        _apiKeys = apiKeys;
        _clock = clock;
    }

    public Task<IReadOnlyList<string>> Handle(ListPublishableOriginsQuery request, CancellationToken cancellationToken) =>
        _apiKeys.ListPublishableOriginsAsync(_clock.GetUtcNow(), cancellationToken);
}
