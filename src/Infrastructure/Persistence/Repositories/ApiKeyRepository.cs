using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Agentsgt.Infrastructure.Persistence.Repositories;

public sealed class ApiKeyRepository : IApiKeyRepository
{
    // Compiled once: the token path runs this on every request.
    private static readonly Func<AgentsgtDbContext, string, CancellationToken, Task<ApiKeyLookup?>> FindByPublicKey =
        EF.CompileAsyncQuery((AgentsgtDbContext db, string publicKey, CancellationToken _) =>
            db.ApiKeys
                .Where(k => k.PublicKey == publicKey)
                .Select(k => new ApiKeyLookup(k.Id, k.OrganizationId, k.SecretHash, k.PepperId, k.RevokedAt, k.ExpiresAt)
                {
                    Kind = k.Kind,
                    AllowedOrigins = k.AllowedOrigins,
                    AllowedAgentIds = k.AllowedAgentIds,
                })
                .FirstOrDefault());

    // One round trip either way. GREATEST ignores NULL and never moves the time backwards, so
    // concurrent calls on one key queue on the row lock and the latest time wins in any commit order.
    private const string MarkUsedDurableSql =
        "UPDATE api_keys SET last_used_at = GREATEST(last_used_at, @usedAt) WHERE id = @apiKeyId";

    // The same UPDATE without waiting for its WAL flush: Npgsql sends the four statements as one
    // batch. Without it, every request on one key waits for the previous one's disk sync.
    private const string MarkUsedAsyncCommitSql =
        "BEGIN; SET LOCAL synchronous_commit TO OFF; " + MarkUsedDurableSql + "; COMMIT";

    private readonly AgentsgtDbContext _db;
    private readonly bool _durableLastUsedAt;

    public ApiKeyRepository(AgentsgtDbContext db, IOptions<DatabaseOptions>? options = null)
    {
        _db = db;
        _durableLastUsedAt = options?.Value.DurableLastUsedAt ?? false;
    }

    public Task<ApiKeyLookup?> FindByPublicKeyAsync(string publicKey, CancellationToken cancellationToken) =>
        FindByPublicKey(_db, publicKey, cancellationToken);

    public Task MarkUsedAsync(Guid apiKeyId, DateTimeOffset usedAt, CancellationToken cancellationToken) =>
        _db.Database.ExecuteSqlRawAsync(
            _durableLastUsedAt ? MarkUsedDurableSql : MarkUsedAsyncCommitSql,
            [new NpgsqlParameter("@apiKeyId", apiKeyId), new NpgsqlParameter("@usedAt", usedAt)],
            cancellationToken);

    public Task<ApiKey?> GetByPublicKeyAsync(string publicKey, CancellationToken cancellationToken) =>
        _db.ApiKeys.AsTracking().FirstOrDefaultAsync(k => k.PublicKey == publicKey, cancellationToken);

    public async Task<IReadOnlyList<ApiKey>> ListByOrganizationAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await _db.ApiKeys
            .Where(k => k.OrganizationId == organizationId)
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ApiKey>> ListActiveNotOnPepperAsync(string pepperId, Guid? organizationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The same rule as ApiKey.IsActive, in SQL: not revoked, and no expiry or one after now.
        // Publishable keys have no hash, so no pepper: never stale.
        var query = _db.ApiKeys.Where(k => k.Kind == ApiKeyKind.Secret && k.PepperId != pepperId && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now));
        if (organizationId is { } id)
        {
            query = query.Where(k => k.OrganizationId == id);
        }

        return await query
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListPublishableOriginsAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await _db.ApiKeys
            .Where(k => k.Kind == ApiKeyKind.Publishable && k.RevokedAt == null && (k.ExpiresAt == null || k.ExpiresAt > now))
            .SelectMany(k => k.AllowedOrigins)
            .Distinct()
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task AddAsync(ApiKey apiKey, CancellationToken cancellationToken)
    {
        _db.ApiKeys.Add(apiKey);
        await _db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task UpdateAsync(ApiKey apiKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        if (_db.Entry(apiKey).State == EntityState.Detached)
        {
            _db.ApiKeys.Update(apiKey);
        }

        return _db.SaveChangesAsync(cancellationToken);
    }
}
