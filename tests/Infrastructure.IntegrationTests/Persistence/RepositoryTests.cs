using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Persistence.Repositories;
using Agentsgt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.Persistence;

/// <summary>The repositories against a real, migrated PostgreSQL database.</summary>
public sealed class RepositoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private readonly Guid _organizationA = Guid.NewGuid();
    private readonly Guid _organizationB = Guid.NewGuid();
    private readonly Guid _agentA = Guid.NewGuid();
    private readonly Guid _agentB = Guid.NewGuid();
    private readonly Guid _deletedAgent = Guid.NewGuid();
    private string _connectionString = null!;
    private ApiKey _key = null!;
    private ApiKey _otherKey = null!;
    private NpgsqlDataSource _dataSource = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        var server = await SharedPostgres.GetAsync();
        _connectionString = await server.CreateDatabaseAsync("repositories");
        _dataSource = PersistenceSetup.CreateDataSource(new DatabaseOptions { ConnectionString = _connectionString });
        await using var db = NewContext();
        await db.Database.MigrateAsync();

        db.Organizations.AddRange(new Organization(_organizationA, "A", Now), new Organization(_organizationB, "B", Now));
        var deleted = new Agent(_deletedAgent, _organizationA, "deleted", Now);
        deleted.Delete(Now);
        db.Agents.AddRange(new Agent(_agentA, _organizationA, "a", Now), new Agent(_agentB, _organizationB, "b", Now), deleted);
        _key = new ApiKey(Guid.NewGuid(), _organizationA, "k", "pk_repositoryTestKey1", [1, 2, 3], "p1", Now, Now.AddDays(30));
        _otherKey = new ApiKey(Guid.NewGuid(), _organizationA, "k2", "pk_repositoryTestKey2", [4, 5, 6], "p1", Now, null);
        db.ApiKeys.AddRange(_key, _otherKey);
        await db.SaveChangesAsync();
    }

    [OneTimeTearDown]
    public async Task DisposeDataSource() => await _dataSource.DisposeAsync();

    private AgentsgtDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, _connectionString);
        return new AgentsgtDbContext(options.Options);
    }

    [Test]
    public async Task FindKeyAndAgent_ReturnsTheKeysHashPepperAndState()
    {
        var found = (await FindAsync(_key.PublicKey, null)).Key;

        Assert.That(found, Is.Not.Null);
        Assert.That(found!.Id, Is.EqualTo(_key.Id));
        Assert.That(found.OrganizationId, Is.EqualTo(_organizationA));
        Assert.That(found.Kind, Is.EqualTo(ApiKeyKind.Secret));
        Assert.That(found.SecretHash, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(found.PepperId, Is.EqualTo("p1"));
        Assert.That(found.ExpiresAt, Is.EqualTo(Now.AddDays(30)));
        Assert.That(found.RevokedAt, Is.Null);
    }

    [Test]
    public async Task FindKeyAndAgent_ReturnsNothingForAnUnknownKey_EvenWithAnAgentId()
    {
        Assert.That(await FindAsync("pk_unknown", _agentA), Is.EqualTo(new KeyAndAgent(null, null)));
    }

    [Test]
    public async Task FindKeyAndAgent_ReadsARowOfASecretKeysShapeForAnUnknownKey_SoBothCostTheSame()
    {
        // Contract check 2: no timing oracle between an unknown key and a wrong secret (issue 12.5).
        var unknown = await KeyAndAgentRowAsync("pk_unknown");
        var known = await KeyAndAgentRowAsync(_key.PublicKey);

        Assert.That(unknown[0], Is.False, "found");
        Assert.That(known[0], Is.True, "found");
        for (var column = 1; column <= 7; column++)
        {
            Assert.That(unknown[column], Is.Not.EqualTo(DBNull.Value), $"column {column} of the decoy row");
        }

        Assert.That((byte[])unknown[4], Has.Length.EqualTo(32), "a secret key's hash length");
        Assert.That(unknown, Has.Length.EqualTo(known.Length));
    }

    [Test]
    public async Task FindKeyAndAgent_IsCaseSensitive()
    {
        Assert.That((await FindAsync(_key.PublicKey.ToUpperInvariant(), null)).Key, Is.Null);
    }

    [Test]
    public async Task FindKeyAndAgent_ReturnsRevokedKeysSoTheEntityCanRejectThem()
    {
        var revoked = new ApiKey(Guid.NewGuid(), _organizationA, "r", "pk_repositoryRevoked", [9], "p1", Now, null);
        revoked.Revoke(Now);
        await using (var db = NewContext())
        {
            db.ApiKeys.Add(revoked);
            await db.SaveChangesAsync();
        }

        Assert.That((await FindAsync(revoked.PublicKey, null)).Key!.RevokedAt, Is.EqualTo(Now));
    }

    [Test]
    public async Task FindKeyAndAgent_ReadsOnlyTheKeysOrganizationsLiveAgent()
    {
        Assert.That((await FindAsync(_key.PublicKey, _agentA)).Agent, Is.EqualTo(new ActiveAgent(_agentA, _organizationA, null)));
        Assert.That((await FindAsync(_key.PublicKey, _agentB)).Agent, Is.Null, "another organization's agent");
        Assert.That((await FindAsync(_key.PublicKey, _deletedAgent)).Agent, Is.Null, "deleted agent");
        Assert.That((await FindAsync(_key.PublicKey, Guid.NewGuid())).Agent, Is.Null, "unknown agent");
        Assert.That((await FindAsync(_key.PublicKey, null)).Agent, Is.Null, "no agent id");
    }

    [Test]
    public async Task FindKeyAndAgent_ReadsAPublishableKeysOriginsAndAgents()
    {
        var key = ApiKey.CreatePublishable(Guid.NewGuid(), _organizationA, "w", "pk_repositoryPublishable", ["https://a.example"], [_agentA], Now, null);
        await using (var db = NewContext())
        {
            db.ApiKeys.Add(key);
            await db.SaveChangesAsync();
        }

        var found = (await FindAsync(key.PublicKey, _agentA)).Key!;
        Assert.That(found.Kind, Is.EqualTo(ApiKeyKind.Publishable));
        Assert.That(found.SecretHash, Is.Null);
        Assert.That(found.AllowedOrigins, Is.EqualTo(new[] { "https://a.example" }));
        Assert.That(found.AllowedAgentIds, Is.EqualTo(new[] { _agentA }));
    }

    [Test]
    public async Task MarkUsed_SetsEachKeysLastUsedAt_InOneStatement_AndTouchesNothingElse()
    {
        var key = await CreateKeyAsync();
        var second = await CreateKeyAsync();
        var before = await ReadKeyAsync(key.Id);
        var otherBefore = await ReadKeyAsync(_otherKey.Id);

        await MarkUsedAsync([key.Id, second.Id, Guid.NewGuid()], [Now.AddHours(1), Now.AddHours(3), Now]);

        var after = await ReadKeyAsync(key.Id);
        Assert.That(after.LastUsedAt, Is.EqualTo(Now.AddHours(1)));
        Assert.That((await ReadKeyAsync(second.Id)).LastUsedAt, Is.EqualTo(Now.AddHours(3)));
        Assert.That(after with { LastUsedAt = before.LastUsedAt }, Is.EqualTo(before));
        Assert.That(await ReadKeyAsync(_otherKey.Id), Is.EqualTo(otherBefore));
    }

    [Test]
    public async Task MarkUsed_NeverMovesLastUsedAtBackwards()
    {
        var key = await CreateKeyAsync();

        await MarkUsedAsync([key.Id], [Now.AddHours(5)]);
        await MarkUsedAsync([key.Id], [Now.AddHours(4)]);

        Assert.That((await ReadKeyAsync(key.Id)).LastUsedAt, Is.EqualTo(Now.AddHours(5)));
    }

    [Test]
    public async Task MarkUsed_ConcurrentFlushesOnOneKeyAllSucceed_AndTheLatestWins()
    {
        var key = await CreateKeyAsync();
        var times = Enumerable.Range(1, 50).Select(i => Now.AddDays(1).AddSeconds(i)).OrderBy(_ => Random.Shared.Next()).ToList();

        await Task.WhenAll(times.Select(time => MarkUsedAsync([key.Id], [time])));

        Assert.That((await ReadKeyAsync(key.Id)).LastUsedAt, Is.EqualTo(times.Max()));
    }

    private async Task<KeyAndAgent> FindAsync(string publicKey, Guid? agentId)
    {
        await using var db = NewContext();
        return await new ApiKeyRepository(db, _dataSource).FindKeyAndAgentAsync(publicKey, agentId, CancellationToken.None);
    }

    private async Task<object[]> KeyAndAgentRowAsync(string publicKey)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(ApiKeyRepository.KeyAndAgentSql, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = publicKey },
                new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid },
            },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "one row whatever the key");
        var values = new object[reader.FieldCount];
        reader.GetValues(values);
        return values;
    }

    private async Task MarkUsedAsync(Guid[] ids, DateTimeOffset[] times)
    {
        await using var db = NewContext();
        await new ApiKeyRepository(db, _dataSource).MarkUsedAsync(ids, times, CancellationToken.None);
    }

    [Test]
    public async Task FindActive_FindsOnlyTheOrganizationsLiveAgents()
    {
        await using var db = NewContext();
        var agents = new AgentRepository(db);

        Assert.That(await agents.FindActiveAsync(_agentA, _organizationA, CancellationToken.None), Is.EqualTo(new ActiveAgent(_agentA, _organizationA, null)));
        Assert.That(await agents.FindActiveAsync(_agentB, _organizationA, CancellationToken.None), Is.Null, "another organization's agent");
        Assert.That(await agents.FindActiveAsync(_deletedAgent, _organizationA, CancellationToken.None), Is.Null, "deleted agent");
        Assert.That(await agents.FindActiveAsync(Guid.NewGuid(), _organizationA, CancellationToken.None), Is.Null, "unknown agent");
    }

    [Test]
    public async Task FindActive_ReadsTheLiveKitAgentName()
    {
        var agentId = await AddAgentAsync(agent => agent.SetLiveKitAgentName("support-agent"));
        await using var db = NewContext();

        var found = await new AgentRepository(db).FindActiveAsync(agentId, _organizationA, CancellationToken.None);

        Assert.That(found, Is.EqualTo(new ActiveAgent(agentId, _organizationA, "support-agent")));
    }

    [Test]
    public async Task UpdateAsync_StoresAndClearsTheLiveKitAgentName()
    {
        var agentId = await AddAgentAsync();

        await using (var db = NewContext())
        {
            var repository = new AgentRepository(db);
            var agent = (await repository.GetAsync(agentId, CancellationToken.None))!;
            agent.SetLiveKitAgentName("support-agent");
            await repository.UpdateAsync(agent, CancellationToken.None);
        }

        await using (var db = NewContext())
        {
            var repository = new AgentRepository(db);
            Assert.That((await repository.FindActiveAsync(agentId, _organizationA, CancellationToken.None))!.LiveKitAgentName, Is.EqualTo("support-agent"));
            var agent = (await repository.GetAsync(agentId, CancellationToken.None))!;
            agent.SetLiveKitAgentName(null);
            await repository.UpdateAsync(agent, CancellationToken.None);
        }

        await using var read = NewContext();
        Assert.That((await new AgentRepository(read).FindActiveAsync(agentId, _organizationA, CancellationToken.None))!.LiveKitAgentName, Is.Null);
    }

    [Test]
    public async Task Schema_StoresTheLiveKitAgentNameInItsOwnNullableColumn()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT is_nullable || ':' || character_maximum_length FROM information_schema.columns WHERE table_name = 'agents' AND column_name = 'livekit_agent_name'", connection);

        Assert.That((string?)await command.ExecuteScalarAsync(), Is.EqualTo("YES:128"));
    }

    [Test]
    public async Task Schema_RejectsADuplicatePublicKey()
    {
        await using var db = NewContext();
        db.ApiKeys.Add(new ApiKey(Guid.NewGuid(), _organizationB, "dup", _key.PublicKey, [7], "p1", Now, null));

        var ex = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.That(ex!.InnerException, Is.InstanceOf<PostgresException>().With.Property(nameof(PostgresException.SqlState)).EqualTo("23505"));
    }

    [Test]
    public async Task Schema_UsesSnakeCaseTablesAndAnIndexOnPublicKey()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'api_keys' AND indexdef LIKE '%(public_key)%'", connection);

        var definition = (string?)await command.ExecuteScalarAsync();

        Assert.That(definition, Does.StartWith("CREATE UNIQUE INDEX"));
    }

    private async Task<Guid> AddAgentAsync(Action<Agent>? configure = null)
    {
        var agent = new Agent(Guid.NewGuid(), _organizationA, "named", Now);
        configure?.Invoke(agent);
        await using var db = NewContext();
        db.Agents.Add(agent);
        await db.SaveChangesAsync();
        return agent.Id;
    }

    private async Task<ApiKey> CreateKeyAsync()
    {
        var key = new ApiKey(Guid.NewGuid(), _organizationA, "t", "pk_" + Guid.NewGuid().ToString("N"), [1], "p1", Now, null);
        await using var db = NewContext();
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return key;
    }

    private async Task<KeyRow> ReadKeyAsync(Guid id)
    {
        await using var db = NewContext();
        var k = await db.ApiKeys.SingleAsync(k => k.Id == id);
        return new KeyRow(k.Name, k.PublicKey, Convert.ToBase64String(k.SecretHash!), k.PepperId!, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.ExpiresAt, k.OrganizationId);
    }

    private sealed record KeyRow(string Name, string PublicKey, string SecretHash, string PepperId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt, Guid OrganizationId);
}
