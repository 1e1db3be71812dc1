namespace Agentsgt.Application.ApiKeys.Queries.ListPublishableOrigins;

public sealed class ListPublishableOriginsQueryHandler(IApiKeyRepository apiKeys, TimeProvider clock) : IRequestHandler<ListPublishableOriginsQuery, IReadOnlyList<string>>
{
    public Task<IReadOnlyList<string>> Handle(ListPublishableOriginsQuery request, CancellationToken cancellationToken) =>
        apiKeys.ListPublishableOriginsAsync(clock.GetUtcNow(), cancellationToken);
}
