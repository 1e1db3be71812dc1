namespace Agentsgt.Application.ApiKeys.Queries.ListStalePepperApiKeys;

/// <summary>
/// Keys that still work but were hashed with a pepper other than the current one: the keys that
/// would stop working if the older peppers were removed from configuration. In one organization,
/// or in all when <paramref name="OrganizationId"/> is null.
/// </summary>
public sealed record ListStalePepperApiKeysQuery(Guid? OrganizationId) : IRequest<ApiKeyListDto>;
