namespace Agentsgt.Domain.Entities;

/// <summary>
/// An organization's API key pair. Only the public part and a keyed hash of the secret are
/// stored; the secret itself is shown once, when the key is created.
/// </summary>
public sealed class ApiKey
{
    public const int MaxNameLength = 200;

    private ApiKey()
    {
        Name = string.Empty;
        PublicKey = string.Empty;
        SecretHash = [];
        PepperId = string.Empty;
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
    }

    public Guid Id { get; private set; }

    public Guid OrganizationId { get; private set; }

    public string Name { get; private set; }

    public string PublicKey { get; private set; }

    /// <summary>HMAC-SHA256 of the secret under the pepper named by <see cref="PepperId"/>.</summary>
    public byte[] SecretHash { get; private set; }

    public string PepperId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    public bool IsActive(DateTimeOffset now) => IsActive(RevokedAt, ExpiresAt, now);

    /// <summary>The one definition of "usable": not revoked and not past its expiry.</summary>
    public static bool IsActive(DateTimeOffset? revokedAt, DateTimeOffset? expiresAt, DateTimeOffset now) =>
        revokedAt is null && (expiresAt is null || expiresAt.Value > now);

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;
}
