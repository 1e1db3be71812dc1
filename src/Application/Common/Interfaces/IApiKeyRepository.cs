namespace Agentsgt.Application.Common.Interfaces;

/// <summary>API keys as the authentication path and the management commands need them.</summary>
public interface IApiKeyRepository
{
    /// <summary>
    /// The token path's one database round trip, a read: the key with this public part (active or
    /// not; null when there is none) and, when <paramref name="agentId"/> is given, that agent if it
    /// is live and in the key's organization, with the key's and its organization's session caps. One prepared statement that returns one row whether
    /// the key exists or not, so an unknown key and a known one cost the same.
    /// </summary>
    Task<KeyAndAgent> FindKeyAndAgentAsync(string publicKey, Guid? agentId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets each key's <c>last_used_at</c> to its time unless a later one is already stored (never
    /// backwards), in one statement. Touches nothing else; unknown ids are ignored.
    /// </summary>
    Task MarkUsedAsync(IReadOnlyList<Guid> apiKeyIds, IReadOnlyList<DateTimeOffset> usedAt, CancellationToken cancellationToken);

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
