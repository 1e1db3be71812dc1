using Agentsgt.Domain.Entities;

namespace Agentsgt.Application.Common.Interfaces;

/// <summary>API keys as the authentication path and the management commands need them.</summary>
public interface IApiKeyRepository
{
    /// <summary>The key with this public part, active or not; null when there is none.</summary>
    Task<ApiKeyLookup?> FindByPublicKeyAsync(string publicKey, CancellationToken cancellationToken);

    /// <summary>
    /// Sets <c>last_used_at</c> to <paramref name="usedAt"/> unless a later time is already
    /// stored, so concurrent calls leave the latest one. Touches nothing else.
    /// </summary>
    Task MarkUsedAsync(Guid apiKeyId, DateTimeOffset usedAt, CancellationToken cancellationToken);

    /// <summary>The key with this public part, tracked for <see cref="UpdateAsync"/>; null when there is none.</summary>
    Task<ApiKey?> GetByPublicKeyAsync(string publicKey, CancellationToken cancellationToken);

    /// <summary>An organization's keys, revoked and expired ones included, oldest first.</summary>
    Task<IReadOnlyList<ApiKey>> ListByOrganizationAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// Keys still usable at <paramref name="now"/> whose hash was made with a pepper other than
    /// <paramref name="pepperId"/>, in one organization or in all; oldest first.
    /// </summary>
    Task<IReadOnlyList<ApiKey>> ListActiveNotOnPepperAsync(string pepperId, Guid? organizationId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Every origin that some publishable key usable at <paramref name="now"/> allows, distinct:
    /// what CORS preflights are answered for.
    /// </summary>
    Task<IReadOnlyList<string>> ListPublishableOriginsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Inserts the key and saves.</summary>
    Task AddAsync(ApiKey apiKey, CancellationToken cancellationToken);

    /// <summary>Saves the changes made to a key read with <see cref="GetByPublicKeyAsync"/>.</summary>
    Task UpdateAsync(ApiKey apiKey, CancellationToken cancellationToken);
}

/// <summary>
/// What authentication reads of a key: never the secret, only its keyed hash (none for a
/// publishable key), and for publishable keys the origins and agents they are bound to.
/// </summary>
public sealed record ApiKeyLookup(
    Guid Id,
    Guid OrganizationId,
    byte[]? SecretHash,
    string? PepperId,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? ExpiresAt)
{
    public ApiKeyKind Kind { get; init; } = ApiKeyKind.Secret;

    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public IReadOnlyList<Guid> AllowedAgentIds { get; init; } = [];
}
