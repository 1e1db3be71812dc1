namespace Agentsgt.Application.Common.Interfaces;

/// <summary>API keys as the authentication path needs them.</summary>
public interface IApiKeyRepository
{
    /// <summary>The key with this public part, active or not; null when there is none.</summary>
    Task<ApiKeyLookup?> FindByPublicKeyAsync(string publicKey, CancellationToken cancellationToken);

    /// <summary>
    /// Sets <c>last_used_at</c> to <paramref name="usedAt"/> unless a later time is already
    /// stored, so concurrent calls leave the latest one. Touches nothing else.
    /// </summary>
    Task MarkUsedAsync(Guid apiKeyId, DateTimeOffset usedAt, CancellationToken cancellationToken);
}

/// <summary>What authentication reads of a key: never the secret, only its keyed hash.</summary>
public sealed record ApiKeyLookup(
    Guid Id,
    Guid OrganizationId,
    byte[] SecretHash,
    string PepperId,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? ExpiresAt);
