using Agentsgt.Infrastructure.Sessions;
using Agentsgt.Tests.Support;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.Sessions;

/// <summary>Retention on real PostgreSQL: what is old goes, in batches; what is open or recent stays.</summary>
public sealed class SessionRetentionTests
{
    [Test]
    public async Task OldSessionsNeverJoinedOnesAndOldWebhookIds_AreDeletedInBatches_OpenAndRecentOnesStay()
    {
        await using var db = await SessionLedgerDatabase.CreateAsync("session_retention");
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        // Reconciliation's period also delays the first retention run: the test runs it itself.
        await using var instance = await EnforcementInstance.StartAsync(db.ConnectionString, liveKit, new Dictionary<string, string?>
        {
            ["Sessions:ReconcileSeconds"] = "3600",
            ["Sessions:RetentionDays"] = "30",
        });
        var oldEnded = SessionRetention.BatchSize + 500;
        await InsertManyAsync(db, oldEnded, issuedDaysAgo: 31, joined: true, ended: true);
        await InsertManyAsync(db, 3, issuedDaysAgo: 8, joined: false, ended: true);
        var keptOpen = await InsertManyAsync(db, 2, issuedDaysAgo: 31, joined: true, ended: false);
        var keptRecent = await InsertManyAsync(db, 4, issuedDaysAgo: 29, joined: true, ended: true);
        var keptRecentNeverJoined = await InsertManyAsync(db, 5, issuedDaysAgo: 6, joined: false, ended: true);
        await ExecuteAsync(db, """
            INSERT INTO processed_webhook_events (id, received_at)
            SELECT 'old-' || n, now() - interval '2 days' FROM generate_series(1, 7) AS n
            UNION ALL SELECT 'recent-' || n, now() - interval '1 hour' FROM generate_series(1, 2) AS n
            """);

        var (sessions, events) = await instance.Get<SessionRetention>().RunAsync(CancellationToken.None);

        Assert.That(sessions, Is.EqualTo(oldEnded + 3));
        Assert.That(events, Is.EqualTo(7));
        Assert.That(await CountAsync(db, "SELECT count(*) FROM sessions"), Is.EqualTo(keptOpen + keptRecent + keptRecentNeverJoined));
        Assert.That(await CountAsync(db, "SELECT count(*) FROM processed_webhook_events"), Is.EqualTo(2));
    }

    // Caps of 100 days: the instance's own enforcement leaves these rows alone.
    private static async Task<int> InsertManyAsync(SessionLedgerDatabase db, int count, int issuedDaysAgo, bool joined, bool ended)
    {
        await using var command = db.DataSource.CreateCommand("""
            INSERT INTO sessions (id, organization_id, agent_id, api_key_id, room_name, random_room, identity, issued_at,
                                  joined_at, chain_joined_at, ended_at, end_reason, max_session_seconds)
            SELECT gen_random_uuid(), $1, $2, $3, 'room-' || n, true, 'visitor', now() - make_interval(days => $4),
                   CASE WHEN $5 THEN now() - make_interval(days => $4) END, CASE WHEN $5 THEN now() - make_interval(days => $4) END,
                   CASE WHEN $6 THEN now() - make_interval(days => $4) + interval '1 minute' END,
                   CASE WHEN NOT $6 THEN NULL WHEN $5 THEN 'left' ELSE 'never_joined' END, 100 * 86400
            FROM generate_series(1, $7) AS n
            """);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = db.OrganizationId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = db.AgentId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = db.ApiKeyId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = issuedDaysAgo });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = joined });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = ended });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(SessionLedgerDatabase db, string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(SessionLedgerDatabase db, string sql)
    {
        await using var command = db.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
