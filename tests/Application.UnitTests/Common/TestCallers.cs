using Agentsgt.Application.ApiKeys.Authentication;

namespace Agentsgt.Application.UnitTests.Common;

/// <summary>Authenticated callers as ApiKeyAuthenticator hands them on, for command tests.</summary>
internal static class TestCallers
{
    public static AuthenticatedCaller Secret(Guid organizationId) => new(Guid.NewGuid(), organizationId, ApiKeyKind.Secret);

    public static AuthenticatedCaller Publishable(Guid keyId, Guid organizationId) => new(keyId, organizationId, ApiKeyKind.Publishable);
}
