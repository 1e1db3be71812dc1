using Agentsgt.Domain.ValueObjects;

namespace Agentsgt.Domain.Entities;

/// <summary>
/// An organization's API key. A secret key is a pair: only the public part and a keyed hash of
/// the secret are stored; the secret itself is shown once, when the key is created. A publishable
/// key has a public part only and is bound to browser origins (and optionally to agents).
/// </summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 200;

    private ApiKey()
    {
        Name = string.Empty;
        PublicKey = string.Empty;
        AllowedOrigins = [];
        AllowedAgentIds = [];
    }

    public ApiKey(
        Guid id,
        Guid organizationId,
        string name,
        string publicKey,
        byte[] secretHash,
        string pepperId,
        DateTimeOffset createdAt,
        DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        ArgumentNullException.ThrowIfNull(secretHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(pepperId);
        Id = id;
        OrganizationId = organizationId;
        Name = name?.Trim() ?? string.Empty;
        PublicKey = publicKey;
        SecretHash = secretHash;
        PepperId = pepperId;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        Kind = ApiKeyKind.Secret;
        AllowedOrigins = [];
        AllowedAgentIds = [];
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; }

    public string PublicKey { get; private set; }

    public ApiKeyKind Kind { get; private set; }

    /// <summary>HMAC-SHA256 of the secret under the pepper named by <see cref="PepperId"/>; null for a publishable key.</summary>
    public byte[]? SecretHash { get; private set; }

    /// <summary>The pepper the hash was made with; null for a publishable key (nothing is hashed).</summary>
    public string? PepperId { get; private set; }

    /// <summary>Publishable keys: the normalized origins (<see cref="WebOrigin"/>) it is accepted from; empty for secret keys.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; private set; }

    /// <summary>Publishable keys: the agents it may get tokens for; empty means every agent of the organization.</summary>
    public IReadOnlyList<Guid> AllowedAgentIds { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>
    /// A publishable key: origins already normalized (<see cref="WebOrigin.TryNormalize"/>), at
    /// least one; agents already checked to be the organization's.
    /// </summary>
    public static ApiKey CreatePublishable(
        Guid id,
        Guid organizationId,
        string name,
        string publicKey,
        IEnumerable<string> allowedOrigins,
        IEnumerable<Guid> allowedAgentIds,
        DateTimeOffset createdAt,
        DateTimeOffset? expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        var origins = allowedOrigins.Distinct(StringComparer.Ordinal).ToList();
        if (origins.Count == 0 || origins.Any(o => !WebOrigin.TryNormalize(o, out var normalized) || normalized != o))
        {
            throw new ArgumentException("A publishable key needs at least one normalized origin.", nameof(allowedOrigins));
        }

        return new ApiKey
        {
            Id = id,
            OrganizationId = organizationId,
            Name = name?.Trim() ?? string.Empty,
            PublicKey = publicKey,
            Kind = ApiKeyKind.Publishable,
            AllowedOrigins = origins,
            AllowedAgentIds = allowedAgentIds.Distinct().ToList(),
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
        };
    }

    public bool IsActive(DateTimeOffset now) => IsActive(RevokedAt, ExpiresAt, now);

    /// <summary>The one definition of "usable": not revoked and not past its expiry.</summary>
    public static bool IsActive(DateTimeOffset? revokedAt, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        revokedAt is null && (expiresAt is null || expiresAt.Value > now);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
