namespace Agentsgt.Application.ApiKeys.Authentication;

/// <summary>
/// Who is asking, once the key is authenticated: the one typed object the rest of the request
/// works with (the web layer keeps it in <c>HttpContext.Features</c>).
/// </summary>
/// <param name="ApiKeyId">The authenticated key.</param>
/// <param name="OrganizationId">The key's organization: every later check is scoped to it.</param>
/// <param name="Kind">Secret or publishable (publishable keys have stricter limits).</param>
public sealed record AuthenticatedCaller(Guid ApiKeyId, Guid OrganizationId, ApiKeyKind Kind)
{
    /// <summary>The key's and its organization's own session caps, read with the key.</summary>
    public StoredSessionCaps SessionCaps { get; init; } = StoredSessionCaps.None;
}
