namespace Agentsgt.Application.ApiKeys.Authentication;

public sealed record AuthenticatedCaller(Guid ApiKeyId, Guid OrganizationId, ApiKeyKind Kind);
