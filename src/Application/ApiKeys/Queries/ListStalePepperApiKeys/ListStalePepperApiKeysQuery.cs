namespace Agentsgt.Application.ApiKeys.Queries.ListStalePepperApiKeys;

// The keys that would stop working if the older peppers were removed from configuration.
public sealed record ListStalePepperApiKeysQuery(Guid? OrganizationId) : IRequest<ApiKeyListDto>;
