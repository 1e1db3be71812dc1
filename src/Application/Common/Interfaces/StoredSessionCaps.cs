namespace Agentsgt.Application.Common.Interfaces;

/// <summary>The caps a key and its organization set themselves (null: none at that level), read with the key.</summary>
public sealed record StoredSessionCaps(
    int? KeyMaxConcurrentSessions,
    int? KeyMaxSessionSeconds,
    int? OrganizationMaxConcurrentSessions,
    int? OrganizationMaxSessionSeconds)
{
    public static readonly StoredSessionCaps None = new(null, null, null, null);
}
