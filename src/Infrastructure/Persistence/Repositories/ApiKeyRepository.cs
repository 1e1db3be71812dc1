using Agentsgt.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Infrastructure.Persistence.Repositories;

public sealed class ApiKeyRepository : IApiKeyRepository
{
    // Compiled once: the token path runs this on every request.
    private static readonly Func<AgentsgtDbContext, string, CancellationToken, Task<ApiKeyLookup?>> FindByPublicKey =
        EF.CompileAsyncQuery((AgentsgtDbContext db, string publicKey, CancellationToken _) =>
            db.ApiKeys
                .Where(k => k.PublicKey == publicKey)
                .Select(k => new ApiKeyLookup(k.Id, k.OrganizationId, k.SecretHash, k.PepperId, k.RevokedAt, k.ExpiresAt))
                .FirstOrDefault());

    private readonly AgentsgtDbContext _db;

    public ApiKeyRepository(AgentsgtDbContext db)
    {
        _db = db;
    }

    public Task<ApiKeyLookup?> FindByPublicKeyAsync(string publicKey, CancellationToken cancellationToken) =>
        FindByPublicKey(_db, publicKey, cancellationToken);

    public Task MarkUsedAsync(Guid apiKeyId, DateTimeOffset usedAt, CancellationToken cancellationToken) =>
        // One UPDATE, no read-modify-write: concurrent calls on one key queue on the row lock
        // and the latest time wins, whatever order they commit in.
        _db.ApiKeys
            .Where(k => k.Id == apiKeyId)
            .ExecuteUpdateAsync(
                s => s.SetProperty(k => k.LastUsedAt, k => k.LastUsedAt > usedAt ? k.LastUsedAt : usedAt),
                cancellationToken);
}
