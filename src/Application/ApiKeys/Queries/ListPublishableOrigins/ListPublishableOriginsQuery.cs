namespace Agentsgt.Application.ApiKeys.Queries.ListPublishableOrigins;

public sealed record ListPublishableOriginsQuery : IRequest<IReadOnlyList<string>>;
