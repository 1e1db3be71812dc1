namespace Agentsgt.Application.ApiKeys.Queries.ListApiKeys;

/// <summary>An existing organization's keys, revoked and expired ones included, oldest first.</summary>
public sealed record ListApiKeysQuery(Guid OrganizationId) : IRequest<ApiKeyListDto>;
