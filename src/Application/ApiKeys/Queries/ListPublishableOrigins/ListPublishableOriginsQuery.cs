namespace Agentsgt.Application.ApiKeys.Queries.ListPublishableOrigins;

/// <summary>Every origin some usable publishable key allows (for answering CORS preflights).</summary>
public sealed record ListPublishableOriginsQuery : IRequest<IReadOnlyList<string>>;
