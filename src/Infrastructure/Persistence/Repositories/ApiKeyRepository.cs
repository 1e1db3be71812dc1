using System.Data;
using NpgsqlTypes;

namespace Agentsgt.Infrastructure.Persistence.Repositories;

// The token path's statements are hand-written SQL on EF Core's data source, prepared once per connection:
// EF's per-call overhead was the largest cost the API controlled (docs/benchmarks.md).
public sealed class ApiKeyRepository(AgentsgtDbContext db, NpgsqlDataSource dataSource) : IApiKeyRepository
{
    // One row of one shape whatever the key (no timing oracle, docs/security.md): a missing key reads a decoy
    // of a secret key's sizes and probes the agent's organization; another's agent is dropped below.
    internal const string KeyAndAgentSql = """
        SELECT k.id IS NOT NULL,
               COALESCE(k.id, '00000000-0000-0000-0000-000000000000'::uuid),
               COALESCE(k.organization_id, '00000000-0000-0000-0000-000000000000'::uuid),
               COALESCE(k.kind, 'secret'),
               CASE WHEN k.id IS NULL THEN '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea ELSE k.secret_hash END,
               CASE WHEN k.id IS NULL THEN '' ELSE k.pepper_id END,
               COALESCE(k.allowed_origins, '{}'),
               COALESCE(k.allowed_agent_ids, '{}'),
               k.revoked_at, k.expires_at, a.id, a.organization_id, a.livekit_agent_name,
               k.max_concurrent_sessions, k.max_session_seconds, o.max_concurrent_sessions, o.max_session_seconds
        FROM (SELECT $1::text AS public_key) AS p
        LEFT JOIN api_keys AS k ON k.public_key = p.public_key
        LEFT JOIN agents AS a ON a.id = $2 AND a.deleted_at IS NULL
        LEFT JOIN organizations AS o ON o.id = COALESCE(k.organization_id, a.organization_id)
        """;

    // Every pending time in one statement. GREATEST ignores NULL and never moves a time backwards,
    // so flushes from several instances, in any order, leave the latest time.
    internal const string MarkUsedSql = """
        UPDATE api_keys AS k SET last_used_at = GREATEST(k.last_used_at, u.used_at)
        FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, used_at)
        WHERE k.id = u.id
        """;

    public Task<KeyAndAgent> FindKeyAndAgentAsync(string publicKey, Guid? agentId, CancellationToken cancellationToken) =>
        ReconnectExecutionStrategy.RunAsync(
            dataSource,
            (Repository: this, publicKey, agentId, cancellationToken),
            static s => s.Repository.ReadKeyAndAgentAsync(s.publicKey, s.agentId, s.cancellationToken));

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

        var found = reader.GetBoolean(0);
        var stored = ApiKey.FromStored(
            reader.GetGuid(1),
            reader.GetGuid(2),
            reader.GetString(3) == "publishable" ? ApiKeyKind.Publishable : ApiKeyKind.Secret,
            reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetFieldValue<string[]>(6),
            reader.GetFieldValue<Guid[]>(7),
            reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
            reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));
        var key = found ? stored : null;
        ActiveAgent? agent = null;
        if (!reader.IsDBNull(10))
        {
            var agentOrganization = reader.GetGuid(11);
            var liveKitAgentName = reader.IsDBNull(12) ? null : reader.GetString(12);
            if (key is not null && agentOrganization == key.OrganizationId)
            {
                agent = new ActiveAgent(reader.GetGuid(10), agentOrganization, liveKitAgentName);
            }
        }
        var caps = new StoredSessionCaps(NullableInt(reader, 13), NullableInt(reader, 14), NullableInt(reader, 15), NullableInt(reader, 16));
        return new KeyAndAgent(key, agent) { Caps = key is null ? StoredSessionCaps.None : caps };
    }

    private static int? NullableInt(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

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
