using System.Security.Claims;

namespace Agentsgt.Api.Authentication;

/// <summary>The claims an authenticated API key puts on the request's user.</summary>
public static class ApiKeyClaims
{
    public const string ApiKeyId = "agentsgt:api_key_id";
    public const string OrganizationId = "agentsgt:organization_id";

    /// <summary>Present (value <c>true</c>) only for a publishable key.</summary>
    public const string Publishable = "agentsgt:publishable";

    /// <summary>One per agent on a publishable key's allow-list; none means every agent.</summary>
    public const string AllowedAgentId = "agentsgt:allowed_agent_id";

    public static bool IsPublishableKey(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasClaim(c => c.Type == Publishable);
    }

    /// <summary>The key's agent allow-list; null when it may get tokens for every agent of its organization.</summary>
    public static IReadOnlyCollection<Guid>? GetAllowedAgentIds(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var ids = user.FindAll(AllowedAgentId).Select(c => Guid.Parse(c.Value)).ToHashSet();
        return ids.Count == 0 ? null : ids;
    }

    public static Guid GetOrganizationId(this ClaimsPrincipal user) => GetGuid(user, OrganizationId);

    /// <summary>The key's id when it is a publishable key; null for a secret key.</summary>
    public static Guid? GetPublishableKeyId(this ClaimsPrincipal user) =>
        user.IsPublishableKey() ? GetGuid(user, ApiKeyId) : null;

    private static Guid GetGuid(ClaimsPrincipal user, string type)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = user.FindFirst(type)?.Value;
        return value is not null && Guid.TryParse(value, out var id)
            ? id
            : throw new InvalidOperationException($"The request has no '{type}' claim: is the endpoint missing [Authorize]?");
    }
}
