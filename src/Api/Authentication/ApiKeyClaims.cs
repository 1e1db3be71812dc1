using System.Security.Claims;

namespace Agentsgt.Api.Authentication;

/// <summary>The claims an authenticated API key puts on the request's user.</summary>
public static class ApiKeyClaims
{
    public const string ApiKeyId = "agentsgt:api_key_id";
    public const string OrganizationId = "agentsgt:organization_id";

    public static Guid GetOrganizationId(this ClaimsPrincipal user) => GetGuid(user, OrganizationId);

    public static Guid GetApiKeyId(this ClaimsPrincipal user) => GetGuid(user, ApiKeyId);

    private static Guid GetGuid(ClaimsPrincipal user, string type)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = user.FindFirst(type)?.Value;
        return value is not null && Guid.TryParse(value, out var id)
            ? id
            : throw new InvalidOperationException($"The request has no '{type}' claim: is the endpoint missing [Authorize]?");
    }
}
