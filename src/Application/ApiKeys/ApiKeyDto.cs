namespace Agentsgt.Application.ApiKeys;

public sealed record ApiKeyDto(
    string PublicKey,
    Guid OrganizationId,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    string? PepperId,
    bool? PepperIsCurrent)
{
    // "secret-key", not "secret": listings never contain a "secret" value, not even as a kind.
    public const string SecretKind = "secret-key";
    public const string PublishableKind = "publishable-key";

    public string Kind { get; init; } = SecretKind;

    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public IReadOnlyList<Guid> AllowedAgentIds { get; init; } = [];

    public const string Active = "active";
    public const string Revoked = "revoked";
    public const string Expired = "expired";

    public static ApiKeyDto From(ApiKey key, string currentPepperId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var status = key.RevokedAt is not null ? Revoked : key.IsActive(now) ? Active : Expired;
        return new ApiKeyDto(
            key.PublicKey,
            key.OrganizationId,
            key.Name,
            status,
            key.CreatedAt,
            key.LastUsedAt,
            key.ExpiresAt,
            key.RevokedAt,
            key.PepperId,
            key.PepperId is null ? null : string.Equals(key.PepperId, currentPepperId, StringComparison.Ordinal))
        {
            Kind = key.Kind == ApiKeyKind.Publishable ? PublishableKind : SecretKind,
            AllowedOrigins = key.AllowedOrigins,
            AllowedAgentIds = key.AllowedAgentIds,
        };
    }
}
