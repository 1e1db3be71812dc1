using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using System.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Agentsgt.Infrastructure.Persistence.Repositories;

/// <summary>
/// API keys. Management goes through EF Core; the token path's two statements (the one read per
/// request, and the batched <c>last_used_at</c> write behind it) are hand-written SQL on the same
/// <see cref="NpgsqlDataSource"/> EF Core uses, prepared once per pooled connection, because EF's
/// per-call overhead was the largest cost the API controlled (docs/benchmarks.md).
/// </summary>
public sealed class ApiKeyRepository(AgentsgtDbContext db, NpgsqlDataSource dataSource) : IApiKeyRepository
{
    // One row whatever the key, and the same work for PostgreSQL either way: the LEFT JOINs from
    // the parameter row return NULLs for an unknown public key, and the agent is looked up by its
    // id alone, so an unknown key and a wrong secret cost the server, the wire and the reader the
    // same (no timing oracle, issue 12.5). Whether the agent is in the key's organization is
    // decided below, before anything leaves the repository: another organization's agent is
    // never returned. Whether the key is usable (revoked, expired) is decided by the entity
    // (ApiKey.Check), not here.
    internal const string KeyAndAgentSql = """
        SELECT k.id, k.organization_id, k.kind, k.secret_hash, k.pepper_id, k.allowed_origins, k.allowed_agent_ids,
               k.revoked_at, k.expires_at, a.id, a.organization_id, a.livekit_agent_name
        FROM (SELECT $1::text AS public_key) AS p
        LEFT JOIN api_keys AS k ON k.public_key = p.public_key
        LEFT JOIN agents AS a ON a.id = $2 AND a.deleted_at IS NULL
        """;

    // Every pending time in one statement. GREATEST ignores NULL and never moves a time backwards,
    // so flushes from several instances, in any order, leave the latest time.
    internal const string MarkUsedSql = """
        UPDATE api_keys AS k SET last_used_at = GREATEST(k.last_used_at, u.used_at)
        FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, used_at)
        WHERE k.id = u.id
        """;

    public async Task<KeyAndAgent> FindKeyAndAgentAsync(string publicKey, Guid? agentId, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadKeyAndAgentAsync(publicKey, agentId, cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex) when (ReconnectOnceExecutionStrategy.IsConnectionClosedUnderUs(ex))
        {
            // A pooled connection PostgreSQL closed (a restart): once more, on a fresh one, as EF's
            // strategy does; the pool is cleared first so the retry cannot get another stale one.
            dataSource.Clear();
            return await ReadKeyAndAgentAsync(publicKey, agentId, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task MarkUsedAsync(IReadOnlyList<Guid> apiKeyIds, IReadOnlyList<DateTimeOffset> usedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiKeyIds);
        ArgumentNullException.ThrowIfNull(usedAt);
        if (apiKeyIds.Count != usedAt.Count)
        {
            throw new ArgumentException("One time per key id.", nameof(usedAt));
        }

        if (apiKeyIds.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(MarkUsedSql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]> { TypedValue = [.. apiKeyIds] },
                new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. usedAt.Select(t => t.ToUniversalTime())] },
            },
        };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<KeyAndAgent> ReadKeyAndAgentAsync(string publicKey, Guid? agentId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(KeyAndAgentSql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = publicKey, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { Value = agentId is { } id ? id : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Uuid },
            },
        };

        // Prepared once per physical connection; later uses skip the parse and plan (no extra round trip).
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("The key lookup returned no row.");
        }

        var key = reader.IsDBNull(0)
            ? null
            : ApiKey.FromStored(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetString(2) == "publishable" ? ApiKeyKind.Publishable : ApiKeyKind.Secret,
                reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<string[]>(5),
                reader.GetFieldValue<Guid[]>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8));
        ActiveAgent? agent = null;
        if (!reader.IsDBNull(9))
        {
            var agentOrganization = reader.GetGuid(10);
            var liveKitAgentName = reader.IsDBNull(11) ? null : reader.GetString(11);
            if (key is not null && agentOrganization == key.OrganizationId)
            {
                agent = new ActiveAgent(reader.GetGuid(9), agentOrganization, liveKitAgentName);
            }
        }
        return new KeyAndAgent(key, agent);
    }

    public Task<ApiKey?> GetByPublicKeyAsync(string publicKey, CancellationToken cancellationToken) =>
        db.ApiKeys.AsTracking().FirstOrDefaultAsync(k => k.PublicKey == publicKey, cancellationToken);

    public async Task<IReadOnlyList<ApiKey>> ListByOrganizationAsync(Guid organizationId, CancellationToken cancellationToken) =>
        await db.ApiKeys
            .Where(k => k.OrganizationId == organizationId)
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<ApiKey>> ListActiveNotOnPepperAsync(string pepperId, Guid? organizationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Publishable keys have no hash, so no pepper: never stale. Whether a key is still usable
        // is the entity's rule (ApiKey.IsActive), applied to the rows read: a management command, not a hot path.
        var query = db.ApiKeys.Where(k => k.Kind == ApiKeyKind.Secret && k.PepperId != pepperId);
        if (organizationId is { } id)
        {
            query = query.Where(k => k.OrganizationId == id);
        }

        var keys = await query
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return keys.Where(k => k.IsActive(now)).ToList();
    }

    public async Task<IReadOnlyList<string>> ListPublishableOriginsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys
            .Where(k => k.Kind == ApiKeyKind.Publishable)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return keys.Where(k => k.IsActive(now)).SelectMany(k => k.AllowedOrigins).Distinct(StringComparer.Ordinal).ToList();
    }

    public async Task AddAsync(ApiKey apiKey, CancellationToken cancellationToken)
    {
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task UpdateAsync(ApiKey apiKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apiKey);
        if (db.Entry(apiKey).State == EntityState.Detached)
        {
            db.ApiKeys.Update(apiKey);
        }

        return db.SaveChangesAsync(cancellationToken);
    }
}
