using Agentsgt.Domain.Rules;
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

    /// <summary>HMAC-SHA256 of the secret under the pepper named by <see cref="PepperId"/>; null for a publishable key.</summary>
    public byte[]? SecretHash { get; private set; }

    /// <summary>The pepper the hash was made with; null for a publishable key (nothing is hashed).</summary>
    public string? PepperId { get; private set; }

    /// <summary>Publishable keys: the normalized origins (<see cref="WebOriginRules"/>) it is accepted from; empty for secret keys.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; private set; }

    /// <summary>Publishable keys: the agents it may get tokens for; empty means every agent of the organization.</summary>
    public IReadOnlyList<Guid> AllowedAgentIds { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>Open sessions this key may hold (its organization's cap applies too); null: not capped at this level.</summary>
    public int? MaxConcurrentSessions { get; private set; }

    /// <summary>Session length for this key; null inherits its organization's, else the configured default.</summary>
    public int? MaxSessionSeconds { get; private set; }

    /// <summary>
    /// A publishable key: origins already normalized (<see cref="WebOriginRules.TryNormalize"/>, asserted
    /// here, not redone), at least one; agents already checked to be the organization's.
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

    /// <summary>
    /// A key as stored, read by a repository outside EF Core's change tracking (the token path's
    /// one query): only what <see cref="Check"/> and the request after it need.
    /// </summary>
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

    /// <summary>
    /// What an unknown public key is checked as: a secret key whose hash no secret has (all zero
    /// bytes) under <paramref name="pepperId"/>, revoked besides. Checking it costs the same HMAC and
    /// comparison as a wrong secret (no timing oracle), and it can never pass.
    /// </summary>
    public static ApiKey Unknown(string pepperId) =>
        FromStored(Guid.Empty, Guid.Empty, ApiKeyKind.Secret, NoHash, pepperId, [], [], DateTimeOffset.MinValue, null);

    /// <summary>The one definition of "usable": not revoked and not past its expiry.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt.Value > now);

    /// <summary>
    /// Whether these credentials, sent from <paramref name="origin"/> (the request's one
    /// <c>Origin</c> header, if any), authenticate as this key at <paramref name="now"/>:
    /// <list type="bullet">
    /// <item><see cref="ApiKeyCheck.Malformed"/> when their form does not fit the key: a public part
    /// alone for a secret key, or a secret for a publishable key (answered like a malformed header);</item>
    /// <item><see cref="ApiKeyCheck.Invalid"/> for a wrong secret, a revoked or expired key, or a
    /// publishable key without one of its origins (exact and case-sensitive, as browsers send it);</item>
    /// <item><see cref="ApiKeyCheck.Ok"/> otherwise.</item>
    /// </list>
    /// A pair's secret is always hashed and compared, whatever else is wrong, so every pair costs the same.
    /// </summary>
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
