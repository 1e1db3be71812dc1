using Agentsgt.Domain.Entities;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.Persistence;

/// <summary>The migration's reservation functions, called as the token path calls them.</summary>
public sealed class SessionReservationSqlTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);
    private readonly Guid _organization = Guid.NewGuid();
    private readonly Guid _agent = Guid.NewGuid();
    private readonly Guid _key = Guid.NewGuid();
    private NpgsqlDataSource _dataSource = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        var server = await SharedPostgres.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("session_reservation");
        _dataSource = NpgsqlDataSource.Create(connectionString);
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, connectionString);
        await using var db = new AgentsgtDbContext(options.Options);
        await db.Database.MigrateAsync();
        db.Organizations.Add(new Organization(_organization, "O", Now));
        db.Agents.Add(new Agent(_agent, _organization, "a", Now));
        db.ApiKeys.Add(new ApiKey(_key, _organization, "k", "pk_sessionReservationKey", [1], "p1", Now, null));
        await db.SaveChangesAsync();
    }

    [OneTimeTearDown]
    public async Task DisposeDataSource() => await _dataSource.DisposeAsync();

    [Test]
    public async Task ReservesUpToTheKeyCap_ThenRefuses_ButARejoinNeedsNoSlot()
    {
        var room = "room-" + Guid.NewGuid().ToString("N");

        Assert.That(await ReserveAsync(_key, room, "v1", keyMax: 2), Is.Null);
        Assert.That(await ReserveAsync(_key, room, "v2", keyMax: 2), Is.Null);
        Assert.That(await ReserveAsync(_key, room, "v3", keyMax: 2), Is.EqualTo("key"));
        Assert.That(await ReserveAsync(_key, room, "v1", keyMax: 2), Is.Null, "a rejoin of v1");
        Assert.That(await ReserveAsync(_key, room, "v3", keyMax: 2), Is.EqualTo("key"), "the rejoin took no second slot");
    }

    [Test]
    public async Task ASlotFreedByAnEndedSession_IsFoundOnceTheBoundReachesTheCap()
    {
        var key = await AddKeyAsync();
        Assert.That(await ReserveAsync(key, "room-a", "v1", keyMax: 2), Is.Null);
        Assert.That(await ReserveAsync(key, "room-b", "v2", keyMax: 2), Is.Null);
        Assert.That(await ReserveAsync(key, "room-c", "v3", keyMax: 2), Is.EqualTo("key"));

        await ExecuteAsync($"UPDATE sessions SET ended_at = now(), end_reason = 'left' WHERE api_key_id = '{key}' AND identity = 'v1'");

        Assert.That(await ReserveAsync(key, "room-c", "v3", keyMax: 2), Is.Null, "recounted: one slot is free");
        Assert.That(await ReserveAsync(key, "room-d", "v4", keyMax: 2), Is.EqualTo("key"));
    }

    [Test]
    public async Task SessionsOpenedWhileUncapped_CountOnceACapIsSetAgain()
    {
        var key = await AddKeyAsync();
        await ExecuteAsync($"UPDATE api_keys SET max_concurrent_sessions = 5 WHERE id = '{key}'");
        Assert.That(await ReserveAsync(key, "room-a", "v1", keyMax: 5), Is.Null, "the key's bound is now one slot");

        // Uncapped, its sessions are written without a reservation and the bound is not kept.
        await ExecuteAsync($"UPDATE api_keys SET max_concurrent_sessions = NULL WHERE id = '{key}'");
        Assert.That(await ReserveAsync(key, "room-b", "v2", keyMax: null), Is.Null);
        Assert.That(await ReserveAsync(key, "room-c", "v3", keyMax: null), Is.Null);
        await ExecuteAsync($"UPDATE api_keys SET max_concurrent_sessions = 3 WHERE id = '{key}'");

        Assert.That(await ReserveAsync(key, "room-d", "v4", keyMax: 3), Is.EqualTo("key"), "three are open, not one");
    }

    [Test]
    public async Task ConcurrentReservations_UnderBothCaps_TakeExactlyTheFreeSlots_WithoutADeadlock()
    {
        // Bounds below their caps take the fast path, the last slots the recount: both at once here.
        var organization = Guid.NewGuid();
        await ExecuteAsync($"INSERT INTO organizations (id, name, created_at) VALUES ('{organization}', 'C', now())");
        Guid[] keys = [await AddKeyAsync(organization), await AddKeyAsync(organization)];
        Assert.That(await ReserveAsync(keys[0], "room-first", "v-first", keyMax: 7, organization, organizationMax: 10), Is.Null);

        var wave = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            ReserveAsync(keys[i % 2], $"room-{i}", $"v{i}", keyMax: 7, organization, organizationMax: 10)));

        Assert.That(wave.Count(r => r is null), Is.EqualTo(9), "the organization's cap of 10, one taken before");
        Assert.That(wave.Where((r, i) => r is null && i % 2 == 1).Count(), Is.LessThanOrEqualTo(7), "the second key's own cap");
        Assert.That(wave.Where(r => r is not null), Is.All.EqualTo("key").Or.EqualTo("organization"));
        Assert.That(await CountOpenAsync(organization), Is.EqualTo(10));

        await ExecuteAsync($"UPDATE sessions SET ended_at = now(), end_reason = 'left' WHERE id IN (SELECT id FROM sessions WHERE organization_id = '{organization}' LIMIT 3)");
        var second = await Task.WhenAll(Enumerable.Range(40, 20).Select(i =>
            ReserveAsync(keys[i % 2], $"room-{i}", $"v{i}", keyMax: 7, organization, organizationMax: 10)));

        Assert.That(second.Count(r => r is null), Is.EqualTo(3), "the three slots freed");
        Assert.That(await CountOpenAsync(organization), Is.EqualTo(10));
    }

    private async Task<Guid> AddKeyAsync(Guid? organization = null)
    {
        var key = Guid.NewGuid();
        await ExecuteAsync(
            $"INSERT INTO api_keys (id, organization_id, name, public_key, secret_hash, pepper_id, created_at) " +
            $"VALUES ('{key}', '{organization ?? _organization}', 'k', 'pk_{key:N}', '\\x01', 'p1', now())");
        return key;
    }

    private async Task<long> CountOpenAsync(Guid organization)
    {
        await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM sessions WHERE organization_id = '{organization}' AND ended_at IS NULL");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> ReserveAsync(Guid key, string room, string identity, int? keyMax, Guid? organization = null, int? organizationMax = null)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT full_cap FROM reserve_session($1, $2, $3, $4, $5, false, $6, $7, 3600, $8, $9, 60)");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.NewGuid() });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = organization ?? _organization });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _agent });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = room });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = identity });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.UtcNow });
        command.Parameters.Add(new NpgsqlParameter { Value = keyMax is { } max ? max : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = organizationMax is { } orgMax ? orgMax : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        var result = await command.ExecuteScalarAsync();
        return result as string;
    }
}
