namespace Agentsgt.Domain.Entities;

public sealed class ApiKey
{
    public const int MaxNameLength = 200;

    private const int UnknownHashLength = 32;

    private static readonly byte[] NoHash = new byte[UnknownHashLength];

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
        Name = EntityNameGuard.Require(name, MaxNameLength, optional: true, nameof(name));
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

    public byte[]? SecretHash { get; private set; }

    public string? PepperId { get; private set; }

    public IReadOnlyList<string> AllowedOrigins { get; private set; }

    public IReadOnlyList<Guid> AllowedAgentIds { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Open sessions this key may hold (its organization's cap applies too); null: not capped at this level.</summary>
    public int? MaxConcurrentSessions { get; private set; }

    /// <summary>Session length for this key; null inherits its organization's, else the configured default.</summary>
    public int? MaxSessionSeconds { get; private set; }

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
        if (origins.Count == 0 || origins.Any(o => !WebOriginRules.TryNormalize(o, out var normalized) || normalized != o))
        {
            throw new ArgumentException("A publishable key needs at least one normalized origin.", nameof(allowedOrigins));
        }

        return new ApiKey
        {
            Id = id,
            OrganizationId = organizationId,
            Name = EntityNameGuard.Require(name, MaxNameLength, optional: true, nameof(name)),
            PublicKey = publicKey,
            Kind = ApiKeyKind.Publishable,
            AllowedOrigins = origins,
            AllowedAgentIds = allowedAgentIds.Distinct().ToList(),
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
        };
    }

    public static ApiKey FromStored(
        Guid id,
        Guid organizationId,
        ApiKeyKind kind,
        byte[]? secretHash,
        string? pepperId,
        IReadOnlyList<string> allowedOrigins,
        IReadOnlyList<Guid> allowedAgentIds,
        DateTimeOffset? revokedAt,
        DateTimeOffset? expiresAt) => new()
    {
        Id = id,
        OrganizationId = organizationId,
        Kind = kind,
        SecretHash = secretHash,
        PepperId = pepperId,
        AllowedOrigins = allowedOrigins,
        AllowedAgentIds = allowedAgentIds,
        RevokedAt = revokedAt,
        ExpiresAt = expiresAt,
    };

    // Costs the same HMAC and comparison as a wrong secret, so an unknown key cannot be told apart by timing.
    public static ApiKey Unknown(string pepperId) =>
        FromStored(Guid.Empty, Guid.Empty, ApiKeyKind.Secret, NoHash, pepperId, [], [], DateTimeOffset.MinValue, null);

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt.Value > now);

    public ApiKeyCheck Check(ApiKeyCredentials credentials, string? origin, DateTimeOffset now, SecretVerifier verifySecret)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(verifySecret);
        if (credentials.IsPublicOnly)
        {
            if (Kind != ApiKeyKind.Publishable)
            {
                return ApiKeyCheck.Malformed;
            }

            return IsActive(now) && origin is not null && AllowedOrigins.Contains(origin, StringComparer.Ordinal)
                ? ApiKeyCheck.Ok
                : ApiKeyCheck.Invalid;
        }

        var secretMatches = verifySecret(credentials.Secret, SecretHash ?? NoHash, PepperId ?? string.Empty);
        if (Kind == ApiKeyKind.Publishable)
        {
            return ApiKeyCheck.Malformed;
        }

        return secretMatches && IsActive(now) ? ApiKeyCheck.Ok : ApiKeyCheck.Invalid;
    }

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    /// <summary>Sets (at least 1) or, with null, clears the key's own concurrency cap.</summary>
    public void SetMaxConcurrentSessions(int? cap) => MaxConcurrentSessions = SessionCaps.RequireCap(cap, nameof(cap));

    /// <summary>Sets (at least 1) or, with null, clears the key's own session length.</summary>
    public void SetMaxSessionSeconds(int? seconds) => MaxSessionSeconds = SessionCaps.RequireCap(seconds, nameof(seconds));
}
