namespace Agentsgt.Application.Common.Interfaces;

public interface IApiKeyRepository
{
    // The token path's one read: the key, the agent and both levels' session caps, one row whether the key exists or not, so an unknown key and a known one cost the same.
    Task<KeyAndAgent> FindKeyAndAgentAsync(string publicKey, Guid? agentId, CancellationToken cancellationToken);

    // Never moves a time backwards, so flushes from several instances, in any order, leave the latest.
    Task MarkUsedAsync(IReadOnlyList<Guid> apiKeyIds, IReadOnlyList<DateTimeOffset> usedAt, CancellationToken cancellationToken);

    Task<ApiKey?> GetByPublicKeyAsync(string publicKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKey>> ListByOrganizationAsync(Guid organizationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ApiKey>> ListActiveNotOnPepperAsync(string pepperId, Guid? organizationId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<string>> ListPublishableOriginsAsync(DateTimeOffset now, CancellationToken cancellationToken);

    Task AddAsync(ApiKey apiKey, CancellationToken cancellationToken);

    Task UpdateAsync(ApiKey apiKey, CancellationToken cancellationToken);
}
