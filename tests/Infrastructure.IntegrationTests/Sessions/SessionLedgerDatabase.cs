using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.Sessions;

/// <summary>A migrated test database with one organization, agent and key, and session rows written as the ledger stores them.</summary>
internal sealed class SessionLedgerDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private SessionLedgerDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
        Reservations = new SessionReservationQueue(DataSource, _metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public SessionReservationQueue Reservations { get; }

    public Guid OrganizationId { get; } = Guid.NewGuid();

    public Guid AgentId { get; } = Guid.NewGuid();

    public Guid ApiKeyId { get; } = Guid.NewGuid();

    public static async Task<SessionLedgerDatabase> CreateAsync(string prefix)
    {
        var server = await SharedPostgres.GetAsync();
        var database = new SessionLedgerDatabase(await server.CreateDatabaseAsync(prefix));
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, database.ConnectionString);
        await using var db = new AgentsgtDbContext(options.Options);
        await db.Database.MigrateAsync();
        var now = DateTimeOffset.UtcNow;
        db.Organizations.Add(new Organization(database.OrganizationId, "O", now));
        db.Agents.Add(new Agent(database.AgentId, database.OrganizationId, "a", now));
        db.ApiKeys.Add(new ApiKey(database.ApiKeyId, database.OrganizationId, "k", "pk_" + Guid.NewGuid().ToString("N")[..24], [1], "p1", now, null));
        await db.SaveChangesAsync();
        return database;
    }

    /// <summary>An issued session; joined (with its chain starting then) when <paramref name="joinedAt"/> is set.</summary>
    public async Task<Guid> InsertAsync(string room, string identity, bool randomRoom, int maxSessionSeconds, DateTimeOffset issuedAt, DateTimeOffset? joinedAt, int? keyMax = null, Guid? apiKeyId = null)
    {
        var id = Guid.NewGuid();
        await using var command = DataSource.CreateCommand("""
            INSERT INTO sessions (id, organization_id, agent_id, api_key_id, room_name, random_room, identity, issued_at,
                                  joined_at, chain_joined_at, max_session_seconds, key_max_concurrent_sessions, room_sid)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, CASE WHEN $9 IS NULL THEN NULL ELSE 'RM_test' END)
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = OrganizationId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = AgentId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = apiKeyId ?? ApiKeyId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = room });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = randomRoom });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = identity });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = issuedAt });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)joinedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxSessionSeconds });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)keyMax ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Another key of the organization, for a test that counts its slots alone.</summary>
    public async Task<Guid> InsertKeyAsync()
    {
        var id = Guid.NewGuid();
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, ConnectionString);
        await using var db = new AgentsgtDbContext(options.Options);
        db.ApiKeys.Add(new ApiKey(id, OrganizationId, "k", "pk_" + Guid.NewGuid().ToString("N")[..24], [1], "p1", DateTimeOffset.UtcNow, null));
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>A capped token request's reservation, as the token path makes it: the full cap's level, or null when reserved.</summary>
    public async Task<string?> ReserveAsync(string room, string identity, Guid apiKeyId, int keyMax, int joinWindowSeconds)
    {
        var session = Session.Issue(Guid.NewGuid(), OrganizationId, AgentId, apiKeyId, room, randomRoom: true, identity, DateTimeOffset.UtcNow, new SessionCaps(keyMax, null, 3600));
        var reservation = await Reservations.ReserveAsync(session, mayContinue: true, TimeSpan.FromSeconds(joinWindowSeconds), CancellationToken.None);
        return reservation.FullCap switch
        {
            null => null,
            SessionCapLevel.Key => "key",
            _ => "organization",
        };
    }

    /// <summary>Ends the session as another path would have (a webhook, an earlier leader).</summary>
    public async Task EndAsync(Guid id, string reason)
    {
        await using var command = DataSource.CreateCommand("UPDATE sessions SET ended_at = now(), end_reason = $2 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason });
        await command.ExecuteNonQueryAsync();
    }

    public async Task<SessionRow> ReadAsync(Guid id)
    {
        await using var command = DataSource.CreateCommand(
            "SELECT joined_at, ended_at, end_reason, warned_at, last_seen_at, room_sid FROM sessions WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "the session row exists");
        return new SessionRow(
            reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0),
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetString(5));
    }

    /// <summary>Polls the row until <paramref name="done"/> holds; fails after <paramref name="timeout"/>.</summary>
    public async Task<SessionRow> WaitForAsync(Guid id, Func<SessionRow, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var row = await ReadAsync(id);
            if (done(row))
            {
                return row;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"{what} did not happen within {timeout.TotalSeconds} s; the row: {row}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        await _metrics.DisposeAsync();
    }
}
