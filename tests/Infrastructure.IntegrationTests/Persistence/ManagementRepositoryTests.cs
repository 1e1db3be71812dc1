using Agentsgt.Domain.Entities;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Persistence.Repositories;
using Agentsgt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.Persistence;

/// <summary>The repository methods the management commands use, against a real PostgreSQL database.</summary>
public sealed class ManagementRepositoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 18, 0, 0, TimeSpan.Zero);
    private readonly Guid _organizationA = Guid.NewGuid();
    private readonly Guid _organizationB = Guid.NewGuid();
    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        var server = await SharedPostgres.GetAsync();
        _connectionString = await server.CreateDatabaseAsync("management");
        _dataSource = PersistenceSetup.CreateDataSource(new DatabaseOptions { ConnectionString = _connectionString });
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        await new OrganizationRepository(db).AddAsync(new Organization(_organizationA, "A", Now), CancellationToken.None);
        await new OrganizationRepository(db).AddAsync(new Organization(_organizationB, "B", Now.AddSeconds(1)), CancellationToken.None);

        var revoked = Key(_organizationA, "pk_mgmtRevokedOnOld", "old", Now.AddMinutes(3), null);
        revoked.Revoke(Now);
        var keys = new ApiKeyRepository(db, _dataSource);
        await keys.AddAsync(Key(_organizationA, "pk_mgmtActiveOnOld", "old", Now.AddMinutes(1), null), CancellationToken.None);
        await keys.AddAsync(Key(_organizationA, "pk_mgmtActiveOnNew", "new", Now.AddMinutes(2), null), CancellationToken.None);
        await keys.AddAsync(revoked, CancellationToken.None);
        await keys.AddAsync(Key(_organizationA, "pk_mgmtExpiredOnOld", "old", Now.AddMinutes(4), Now), CancellationToken.None);
        await keys.AddAsync(Key(_organizationA, "pk_mgmtExpiringOnOld", "old", Now.AddMinutes(5), Now.AddSeconds(1)), CancellationToken.None);
        await keys.AddAsync(Key(_organizationB, "pk_mgmtOtherOrgOnOld", "old", Now.AddMinutes(6), null), CancellationToken.None);
    }

    private static ApiKey Key(Guid organizationId, string publicKey, string pepperId, DateTimeOffset createdAt, DateTimeOffset? expiresAt) =>
        new(Guid.NewGuid(), organizationId, publicKey[3..], publicKey, [1, 2, 3], pepperId, createdAt, expiresAt);

    [OneTimeTearDown]
    public async Task DisposeDataSource() => await _dataSource.DisposeAsync();

    private AgentsgtDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, _connectionString);
        return new AgentsgtDbContext(options.Options);
    }

    [Test]
    public async Task ListActiveNotOnPepper_ReturnsOnlyWorkingKeysOnOtherPeppers_OldestFirst()
    {
        await using var db = NewContext();
        var repository = new ApiKeyRepository(db, _dataSource);

        var everywhere = await repository.ListActiveNotOnPepperAsync("new", null, Now, CancellationToken.None);
        var inA = await repository.ListActiveNotOnPepperAsync("new", _organizationA, Now, CancellationToken.None);

        Assert.That(everywhere.Select(k => k.PublicKey), Is.EqualTo(new[] { "pk_mgmtActiveOnOld", "pk_mgmtExpiringOnOld", "pk_mgmtOtherOrgOnOld" }));
        Assert.That(inA.Select(k => k.PublicKey), Is.EqualTo(new[] { "pk_mgmtActiveOnOld", "pk_mgmtExpiringOnOld" }));
    }

    [Test]
    public async Task ListByOrganization_IncludesRevokedAndExpiredKeys_AndNoOtherOrganizations()
    {
        await using var db = NewContext();

        var keys = await new ApiKeyRepository(db, _dataSource).ListByOrganizationAsync(_organizationA, CancellationToken.None);

        Assert.That(keys.Select(k => k.PublicKey), Is.EqualTo(new[] { "pk_mgmtActiveOnOld", "pk_mgmtActiveOnNew", "pk_mgmtRevokedOnOld", "pk_mgmtExpiredOnOld", "pk_mgmtExpiringOnOld" }));
    }

    [Test]
    public async Task RevokingThroughTheRepository_PersistsOnlyTheRevocation()
    {
        await using (var db = NewContext())
        {
            await new ApiKeyRepository(db, _dataSource).AddAsync(Key(_organizationB, "pk_mgmtToRevoke", "new", Now, null), CancellationToken.None);
        }

        await using (var db = NewContext())
        {
            var repository = new ApiKeyRepository(db, _dataSource);
            var key = await repository.GetByPublicKeyAsync("pk_mgmtToRevoke", CancellationToken.None);
            key!.Revoke(Now.AddHours(1));
            await repository.UpdateAsync(key, CancellationToken.None);
        }

        await using (var db = NewContext())
        {
            var stored = await db.ApiKeys.SingleAsync(k => k.PublicKey == "pk_mgmtToRevoke");
            Assert.That(stored.RevokedAt, Is.EqualTo(Now.AddHours(1)));
            Assert.That(stored.SecretHash, Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(stored.PepperId, Is.EqualTo("new"));
        }
    }

    [Test]
    public async Task SoftDeletingAnAgent_KeepsTheRow_AndTheTokenPathNoLongerSeesIt()
    {
        var agentId = Guid.NewGuid();
        await using (var db = NewContext())
        {
            await new AgentRepository(db).AddAsync(new Agent(agentId, _organizationB, "Bot", Now), CancellationToken.None);
        }

        await using (var db = NewContext())
        {
            var repository = new AgentRepository(db);
            var agent = await repository.GetAsync(agentId, CancellationToken.None);
            agent!.Delete(Now.AddHours(1));
            await repository.UpdateAsync(agent, CancellationToken.None);
        }

        await using (var db = NewContext())
        {
            var repository = new AgentRepository(db);
            Assert.That(await repository.FindActiveAsync(agentId, _organizationB, CancellationToken.None), Is.Null);
            var listed = await repository.ListByOrganizationAsync(_organizationB, CancellationToken.None);
            Assert.That(listed.Single(a => a.Id == agentId).DeletedAt, Is.EqualTo(Now.AddHours(1)));
        }
    }

    [Test]
    public async Task Organizations_ExistAndAreListedOldestFirst()
    {
        await using var db = NewContext();
        var repository = new OrganizationRepository(db);

        Assert.That(await repository.ExistsAsync(_organizationA, CancellationToken.None), Is.True);
        Assert.That(await repository.ExistsAsync(Guid.NewGuid(), CancellationToken.None), Is.False);
        Assert.That((await repository.ListAsync(CancellationToken.None)).Select(o => o.Id), Is.EqualTo(new[] { _organizationA, _organizationB }));
    }
}
