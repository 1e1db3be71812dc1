namespace Agentsgt.Application.ApiKeys.Queries.ListApiKeys;

public sealed record ListApiKeysQuery(Guid OrganizationId) : IRequest<ApiKeyListDto>;
