using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.IntegrationTests.Sessions;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Persistence.Repositories;
using Microsoft.EntityFrameworkCore;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.Persistence;

/// <summary>The rejoin lookups seek the room-and-identity index, by PostgreSQL's own index statistics in a database of
/// their own: with sequential scans off and other open sessions beside, a lookup that cannot seek reads more.</summary>
public sealed class SessionLookupIndexTests
{
    private const string RejoinIndex = "ix_sessions_open_room_identity";
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private SessionLedgerDatabase _db = null!;
    private string _noSeqScan = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        _db = await SessionLedgerDatabase.CreateAsync("session_lookup_index");
        // Unpooled: each backend exits as its data source is disposed, and its statistics are flushed then.
        _noSeqScan = new NpgsqlConnectionStringBuilder(_db.ConnectionString) { Options = "-c enable_seqscan=off", Pooling = false }.ConnectionString;
        await using var others = _db.DataSource.CreateCommand(
            "INSERT INTO sessions (id, organization_id, agent_id, api_key_id, room_name, random_room, identity, issued_at, max_session_seconds) " +
            "SELECT gen_random_uuid(), $1, $2, $3, 'other-' || g, false, 'v1', now(), 3600 FROM generate_series(1, 50) AS g");
        others.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _db.OrganizationId });
        others.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _db.AgentId });
        others.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _db.ApiKeyId });
        await others.ExecuteNonQueryAsync();
    }

    [OneTimeTearDown]
    public async Task DisposeDatabase()
    {
        await _db.DisposeAsync();
        await _metrics.DisposeAsync();
    }

    [Test]
    public async Task RejoinLookups_InTheReservationAndInFindOpen_SeekTheIndex()
    {
        var room = "room-" + Guid.NewGuid().ToString("N");

        // The first reservation creates the key's bound (a recount reads the ledger); the measured rejoin takes the fast path.
        var start = await IndexUseAsync();
        Assert.That((await ReserveAsync(room, Guid.NewGuid())).FullCap, Is.Null);
        var before = await IndexUseAfterAsync(start);

        Assert.That((await ReserveAsync(room, Guid.NewGuid())).ReplacesSessionId, Is.Not.Null, "a rejoin");
        var afterReservation = await IndexUseAfterAsync(before);
        Assert.That(afterReservation.EntriesRead - before.EntriesRead, Is.LessThanOrEqualTo(2), "reserve_sessions' lookup read the room's entries, not the index");

        await using (var dataSource = NpgsqlDataSource.Create(_noSeqScan))
        {
            var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
            PersistenceSetup.Configure(options, dataSource);
            await using var db = new AgentsgtDbContext(options.Options);
            var sessions = new SessionRepository(db, dataSource, new SessionReservationQueue(dataSource, _metrics.GetRequiredService<IMeterFactory>()));
            Assert.That(await sessions.FindOpenAsync(_db.OrganizationId, room, "v1", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60), CancellationToken.None), Is.Not.Null);
        }

        var afterFind = await IndexUseAfterAsync(afterReservation);
        Assert.That(afterFind.EntriesRead - afterReservation.EntriesRead, Is.LessThanOrEqualTo(2), "FindOpenAsync read the room's entries, not the index");
    }

    private async Task<SessionReservation> ReserveAsync(string room, Guid id)
    {
        await using var dataSource = NpgsqlDataSource.Create(_noSeqScan);
        var queue = new SessionReservationQueue(dataSource, _metrics.GetRequiredService<IMeterFactory>());
        var session = Session.Issue(id, _db.OrganizationId, _db.AgentId, _db.ApiKeyId, room, randomRoom: false, "v1", DateTimeOffset.UtcNow, new SessionCaps(100, null, 3600));
        return await queue.ReserveAsync(session, mayContinue: true, TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    private async Task<(long Scans, long EntriesRead)> IndexUseAsync()
    {
        await using var connection = new NpgsqlConnection(_noSeqScan);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT idx_scan, idx_tup_read FROM pg_stat_user_indexes WHERE indexrelname = '{RejoinIndex}'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True, "the index exists");
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    // A backend's statistics reach the shared view shortly after it exits, not at once; each step here scans the index.
    private async Task<(long Scans, long EntriesRead)> IndexUseAfterAsync((long Scans, long EntriesRead) before)
    {
        var use = await IndexUseAsync();
        for (var wait = 0; use.Scans <= before.Scans && wait < 100; wait++)
        {
            await Task.Delay(100);
            use = await IndexUseAsync();
        }

        Assert.That(use.Scans, Is.GreaterThan(before.Scans), "the step scanned the index");
        return use;
    }
}
