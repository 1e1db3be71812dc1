namespace Agentsgt.Application.ApiKeys.Authentication;

public sealed record AuthenticatedCaller(Guid ApiKeyId, Guid OrganizationId, ApiKeyKind Kind)
{
    /// <summary>The key's and its organization's own session caps, read with the key.</summary>
    public StoredSessionCaps SessionCaps { get; init; } = StoredSessionCaps.None;
}
