using System.Text.Json;
using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.LiveKit;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Infrastructure.Persistence.Repositories;
using Agentsgt.Infrastructure.Sessions;
using Agentsgt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.Sessions;

/// <summary>
/// Timed enforcement and reconciliation on real PostgreSQL, with the RoomService stand-in as
/// LiveKit and the service's own RoomService client: caps of a few seconds, listings every second.
/// </summary>
[NonParallelizable]
public sealed class SessionEnforcementTests
{
    private static readonly TimeSpan RemovalBound = TimeSpan.FromSeconds(5);
    private SessionLedgerDatabase _db = null!;

    [OneTimeSetUp]
    public async Task CreateDatabase() => _db = await SessionLedgerDatabase.CreateAsync("session_enforcement");

    [OneTimeTearDown]
    public async Task DisposeDatabase() => await _db.DisposeAsync();

    [Test]
    public async Task ASessionAtItsCap_IsWarnedThenItsRandomRoomIsDeletedWithinFiveSeconds_EndedAsDurationCapBeforeTheCall()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var instance = await StartLeadingAsync(liveKit);
        var room = NewRoom("random");
        var joined = Now();
        var id = await _db.InsertAsync(room, "visitor", randomRoom: true, maxSessionSeconds: 3, joined.AddSeconds(-1), joined);
        liveKit.AddParticipant(room, "visitor", SessionAttributes(id));
        liveKit.AddParticipant(room, "agent-worker");

        var deleted = await liveKit.WaitForRequestAsync("DeleteRoom", TimeSpan.FromSeconds(15), r => r.Room == room);
        var warning = liveKit.RequestsFor("SendData").Single(r => r.Room == room);
        var message = liveKit.DataMessages.Single(m => m.Room == room);
        var row = await _db.ReadAsync(id);
        TestContext.Out.WriteLine($"warned {(warning.ReceivedAt - joined).TotalSeconds:0.00} s after the join; room deleted {(deleted.ReceivedAt - joined.AddSeconds(3)).TotalSeconds:0.00} s after the cap");

        Assert.Multiple(() =>
        {
            Assert.That(message.Topic, Is.EqualTo(SessionEnforcer.Topic));
            Assert.That(message.DestinationIdentities, Is.Empty, "a random room's visitor and agent both hear it");
            Assert.That(message.Kind, Is.EqualTo("RELIABLE"));
            Assert.That(JsonSerializer.Serialize(JsonDocument.Parse(message.Text).RootElement), Is.EqualTo($"{{\"type\":\"ending\",\"endsAt\":\"{Rfc3339RoundedUp(joined.AddSeconds(3))}\"}}"));
            Assert.That(warning.ReceivedAt, Is.LessThan(deleted.ReceivedAt), "the warning comes first");
            Assert.That(deleted.ReceivedAt, Is.GreaterThanOrEqualTo(joined.AddSeconds(3)).And.LessThanOrEqualTo(joined.AddSeconds(3) + RemovalBound));
            Assert.That(row.EndReason, Is.EqualTo("duration_cap"));
            Assert.That(row.EndedAt, Is.LessThanOrEqualTo(deleted.ReceivedAt), "the end is recorded before the RoomService call");
            Assert.That(row.WarnedAt, Is.Not.Null);
            Assert.That(liveKit.HasRoom(room), Is.False);
            Assert.That(liveKit.RequestsFor("RemoveParticipant").Where(r => r.Room == room), Is.Empty);
        });
    }

    [Test]
    public async Task InASharedRoom_OnlyTheVisitorAtItsCapIsWarnedAndRemoved_OthersStay()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var instance = await StartLeadingAsync(liveKit);
        var room = NewRoom("support");
        var joined = Now();
        var capped = await _db.InsertAsync(room, "visitor-a", randomRoom: false, maxSessionSeconds: 3, joined.AddSeconds(-1), joined);
        var staying = await _db.InsertAsync(room, "visitor-b", randomRoom: false, maxSessionSeconds: 3600, joined.AddSeconds(-1), joined);
        liveKit.AddParticipant(room, "visitor-a", SessionAttributes(capped));
        liveKit.AddParticipant(room, "visitor-b", SessionAttributes(staying));

        var removed = await liveKit.WaitForRequestAsync("RemoveParticipant", TimeSpan.FromSeconds(15), r => r.Room == room);
        var message = liveKit.DataMessages.Single(m => m.Room == room);

        Assert.Multiple(async () =>
        {
            Assert.That(removed.Json.GetProperty("identity").GetString(), Is.EqualTo("visitor-a"));
            Assert.That(removed.ReceivedAt, Is.LessThanOrEqualTo(joined.AddSeconds(3) + RemovalBound));
            Assert.That(message.DestinationIdentities, Is.EqualTo(new[] { "visitor-a" }), "told to the visitor only");
            Assert.That(liveKit.RequestsFor("DeleteRoom"), Is.Empty, "a shared room stays");
            Assert.That(liveKit.HasParticipant(room, "visitor-b"), Is.True);
            Assert.That((await _db.ReadAsync(capped)).EndReason, Is.EqualTo("duration_cap"));
            Assert.That((await _db.ReadAsync(staying)).EndedAt, Is.Null);
        });
    }

    [Test]
    public async Task ATokenNeverJoined_EndsAsNeverJoinedWhenItsWindowCloses_AndFreesItsSlot()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var instance = await StartLeadingAsync(liveKit, new Dictionary<string, string?> { ["Sessions:JoinWindowSeconds"] = "2" });
        var room = NewRoom("random");
        var issued = Now();
        var keyId = await _db.InsertKeyAsync();
        var id = await _db.InsertAsync(room, "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, joinedAt: null, keyMax: 1, apiKeyId: keyId);
        Assert.That(await _db.ReserveAsync(NewRoom("random"), "other", keyId, keyMax: 1, joinWindowSeconds: 2), Is.EqualTo("key"), "the unjoined token holds the key's only slot");

        var row = await _db.WaitForAsync(id, r => r.EndedAt is not null, TimeSpan.FromSeconds(8), "the end of a token never joined");

        Assert.That(row.EndReason, Is.EqualTo("never_joined"));
        Assert.That(row.EndedAt, Is.EqualTo(issued.AddSeconds(2)).Within(TimeSpan.FromMilliseconds(1)), "dated when its window closed");
        Assert.That(await _db.ReserveAsync(NewRoom("random"), "other", keyId, keyMax: 1, joinWindowSeconds: 2), Is.Null, "the slot is free");
        Assert.That(liveKit.Requests.Where(r => r.Method != "ListRooms"), Is.Empty, "nothing to remove from LiveKit");
    }

    [Test]
    public async Task ABacklogOfTokensNeverJoined_LargerThanABatch_EndsInARound_WhileAJoinedOneStaysOpen()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        var issued = Now().AddMinutes(-5);
        var prefix = NewRoom("backlog");
        await using (var insert = _db.DataSource.CreateCommand("""
            INSERT INTO sessions (id, organization_id, agent_id, api_key_id, room_name, random_room, identity, issued_at, max_session_seconds)
            SELECT gen_random_uuid(), $1, $2, $3, $4 || g, true, 'visitor', $5, 3600 FROM generate_series(1, 4500) AS g
            """))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _db.OrganizationId });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _db.AgentId });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _db.ApiKeyId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = issued });
            await insert.ExecuteNonQueryAsync();
        }

        var joinedRoom = NewRoom("random");
        var joined = await _db.InsertAsync(joinedRoom, "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, issued.AddSeconds(1));
        liveKit.AddParticipant(joinedRoom, "visitor", SessionAttributes(joined));
        await using var instance = await StartLeadingAsync(liveKit, new Dictionary<string, string?> { ["Sessions:JoinWindowSeconds"] = "2" });

        async Task<long> EndedAsNeverJoinedAsync()
        {
            await using var count = _db.DataSource.CreateCommand(
                "SELECT count(*) FROM sessions WHERE room_name LIKE $1 || '%' AND end_reason = 'never_joined' AND ended_at = issued_at + interval '2 seconds'");
            count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
            return (long)(await count.ExecuteScalarAsync())!;
        }

        await WaitUntilAsync(async () => await EndedAsNeverJoinedAsync() >= 4500, TimeSpan.FromSeconds(8), "the backlog of 4,500 to end");

        Assert.That(await EndedAsNeverJoinedAsync(), Is.EqualTo(4500), "every unjoined token, each dated when its window closed");
        Assert.That((await _db.ReadAsync(joined)).EndedAt, Is.Null, "a joined session is not a token never joined");
    }

    [Test]
    public async Task ATokenWhoseJoinHoldsItsRow_IsNotEndedAsNeverJoined_TheJoinWins()
    {
        var issued = Now().AddMinutes(-5);
        var joining = await _db.InsertAsync(NewRoom("random"), "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, joinedAt: null);
        var unused = await _db.InsertAsync(NewRoom("random"), "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, joinedAt: null);
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, _db.ConnectionString);
        await using var context = new AgentsgtDbContext(options.Options);
        var sessions = new SessionRepository(context, _db.DataSource, _db.Reservations);

        // A webhook's join holds the row, as SessionEventScope does, while a round ends unused tokens.
        await using (var webhook = await _db.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await webhook.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE", webhook, transaction))
            {
                lockRow.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = joining });
                await lockRow.ExecuteScalarAsync();
            }

            await sessions.EndNeverJoinedAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2), 100, CancellationToken.None);
            await using (var join = new NpgsqlCommand("UPDATE sessions SET joined_at = now(), chain_joined_at = now() WHERE id = $1", webhook, transaction))
            {
                join.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = joining });
                await join.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        await sessions.EndNeverJoinedAsync(DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2), 100, CancellationToken.None);

        Assert.That((await _db.ReadAsync(unused)).EndReason, Is.EqualTo("never_joined"), "the round ran and ended the unused token");
        var joined = await _db.ReadAsync(joining);
        Assert.That((joined.EndedAt, joined.JoinedAt is not null), Is.EqualTo(((DateTimeOffset?)null, true)), "the held row was skipped, then seen joined");
    }

    [Test]
    public async Task AListing_NeitherReadsNorWaitsForTokensNotJoinedAndNotPresent()
    {
        var issued = Now().AddSeconds(-5);
        var present = await _db.InsertAsync(NewRoom("random"), "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, joinedAt: null);
        var busy = await _db.InsertAsync(NewRoom("random"), "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, joinedAt: null);
        var joinedAbsent = await _db.InsertAsync(NewRoom("random"), "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, issued);
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, _db.ConnectionString);
        await using var context = new AgentsgtDbContext(options.Options);
        var sessions = new SessionRepository(context, _db.DataSource, _db.Reservations);

        // Another transaction holds an unjoined token's row (as a webhook's join would) for the whole listing.
        await using var webhook = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await webhook.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM sessions WHERE id = $1 FOR UPDATE", webhook, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = busy });
            await lockRow.ExecuteScalarAsync();
        }

        var seen = new SessionPresence(present, NewRoom("sid"), null);
        var listing = sessions.RecordListingAsync([seen], Now(), TimeSpan.FromSeconds(60), CancellationToken.None);

        Assert.That(await Task.WhenAny(listing, Task.Delay(TimeSpan.FromSeconds(10))), Is.SameAs(listing), "the listing did not wait for the held row");
        Assert.That(await listing, Is.Empty);
        await transaction.RollbackAsync();
        Assert.That((await _db.ReadAsync(present)).JoinedAt, Is.Not.Null, "a present token is recorded as joined");
        await using (var missed = _db.DataSource.CreateCommand("SELECT missed_listings FROM sessions WHERE id = $1"))
        {
            missed.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = joinedAbsent });
            Assert.That(await missed.ExecuteScalarAsync(), Is.EqualTo(1), "a joined session missing from the listing is missed once");
        }

        Assert.That((await _db.ReadAsync(busy)).EndedAt, Is.Null);
    }

    [Test]
    public async Task AVisitorPresentInTheListing_IsRecordedAsJoined_WithoutAnyWebhook()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var instance = await StartLeadingAsync(liveKit);
        var room = NewRoom("random");
        var issued = Now().AddSeconds(-2);
        var id = await _db.InsertAsync(room, "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, joinedAt: null);
        var sid = liveKit.AddRoom(room);
        liveKit.AddParticipant(room, "visitor", SessionAttributes(id), joinedAt: issued.AddSeconds(1));
        liveKit.AddParticipant(room, "agent-worker");

        var row = await _db.WaitForAsync(id, r => r.JoinedAt is not null, TimeSpan.FromSeconds(8), "a join seen by reconciliation");

        Assert.That(row.EndedAt, Is.Null);
        Assert.That(row.JoinedAt, Is.GreaterThanOrEqualTo(issued).And.LessThanOrEqualTo(Now()));
        Assert.That(row.RoomSid, Is.EqualTo(sid));
        Assert.That(row.LastSeenAt, Is.Not.Null);
    }

    [Test]
    public async Task AJoinSeenOnlyByReconciliation_AfterTheWindow_ReopensTheSession_WhenTheCapsAllow()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var instance = await StartLeadingAsync(liveKit);
        var keyId = await _db.InsertKeyAsync();
        var room = NewRoom("random");
        var issued = Now().AddSeconds(-90);
        var id = await _db.InsertAsync(room, "visitor", randomRoom: true, maxSessionSeconds: 3600, issued, joinedAt: null, keyMax: 1, apiKeyId: keyId);
        await _db.EndAsync(id, "never_joined");
        liveKit.AddParticipant(room, "visitor", SessionAttributes(id), joinedAt: issued.AddSeconds(10));

        var row = await _db.WaitForAsync(id, r => r.JoinedAt is not null, TimeSpan.FromSeconds(8), "a late join seen by reconciliation");

        Assert.That(row.EndedAt, Is.Null, "reopened: the key's only slot was free");
        Assert.That(row.EndReason, Is.Null);
        Assert.That(liveKit.RequestsFor("RemoveParticipant"), Is.Empty);
    }

    [Test]
    public async Task AJoinSeenOnlyByReconciliation_AfterTheWindow_IsRemovedAsOverCap_WhenTheCapIsFull()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var instance = await StartLeadingAsync(liveKit);
        var keyId = await _db.InsertKeyAsync();
        var late = NewRoom("random");
        var issued = Now().AddSeconds(-90);
        var lateId = await _db.InsertAsync(late, "late-visitor", randomRoom: true, maxSessionSeconds: 3600, issued, joinedAt: null, keyMax: 1, apiKeyId: keyId);
        await _db.EndAsync(lateId, "never_joined");
        var holder = NewRoom("random");
        var holderId = await _db.InsertAsync(holder, "visitor", randomRoom: true, maxSessionSeconds: 3600, Now().AddSeconds(-5), Now().AddSeconds(-4), keyMax: 1, apiKeyId: keyId);
        liveKit.AddParticipant(holder, "visitor", SessionAttributes(holderId));
        liveKit.AddParticipant(late, "late-visitor", SessionAttributes(lateId), joinedAt: issued.AddSeconds(10));

        var removed = await liveKit.WaitForRequestAsync("RemoveParticipant", TimeSpan.FromSeconds(10), r => r.Room == late);

        Assert.That(removed.Json.GetProperty("identity").GetString(), Is.EqualTo("late-visitor"));
        Assert.That((await _db.ReadAsync(lateId)).EndReason, Is.EqualTo("over_cap"));
        Assert.That((await _db.ReadAsync(holderId)).EndedAt, Is.Null, "the session holding the slot stays");
        Assert.That(liveKit.HasParticipant(holder, "visitor"), Is.True);
    }

    [Test]
    public async Task ARoomFinishedThatNeverArrives_EndsTheSessionByReconciliation_DatedWhenLastSeen()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var instance = await StartLeadingAsync(liveKit);
        var room = NewRoom("random");
        var joined = Now().AddSeconds(-1);
        var id = await _db.InsertAsync(room, "visitor", randomRoom: true, maxSessionSeconds: 3600, joined, joined);
        liveKit.AddParticipant(room, "visitor", SessionAttributes(id));
        await _db.WaitForAsync(id, r => r.LastSeenAt is not null, TimeSpan.FromSeconds(8), "a listing that sees the visitor");

        // LiveKit closes the room; its room_finished webhook is lost.
        liveKit.RemoveRoom(room);
        var closed = Now();
        var row = await _db.WaitForAsync(id, r => r.EndedAt is not null, TimeSpan.FromSeconds(10), "the end by reconciliation");

        Assert.That(row.EndReason, Is.EqualTo("reconciled"));
        Assert.That(row.EndedAt, Is.EqualTo(row.LastSeenAt), "dated when it was last seen");
        Assert.That(row.EndedAt, Is.LessThanOrEqualTo(closed));
        Assert.That(liveKit.RequestsFor("DeleteRoom"), Is.Empty);
    }

    [Test]
    public async Task AVisitorStillPresentAfterACapEndedItsSession_IsRemovedByReconciliation()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var instance = await StartLeadingAsync(liveKit);
        var room = NewRoom("support");
        var joined = Now().AddSeconds(-5);
        var overCap = await _db.InsertAsync(room, "late-visitor", randomRoom: false, maxSessionSeconds: 3600, joined, joined);
        var staying = await _db.InsertAsync(room, "visitor", randomRoom: false, maxSessionSeconds: 3600, joined, joined);
        // Its removal was lost (LiveKit away at the time, or the instance that ended it stopped).
        await _db.EndAsync(overCap, "over_cap");
        liveKit.AddParticipant(room, "late-visitor", SessionAttributes(overCap));
        liveKit.AddParticipant(room, "visitor", SessionAttributes(staying));

        var removed = await liveKit.WaitForRequestAsync("RemoveParticipant", SessionReconciler.RemovalGrace + TimeSpan.FromSeconds(10), r => r.Room == room);

        Assert.That(removed.Json.GetProperty("identity").GetString(), Is.EqualTo("late-visitor"));
        Assert.That(removed.ReceivedAt, Is.GreaterThanOrEqualTo((await _db.ReadAsync(overCap)).EndedAt!.Value + SessionReconciler.RemovalGrace), "a removal under way is given its time first");
        Assert.That(liveKit.HasParticipant(room, "visitor"), Is.True);
        Assert.That((await _db.ReadAsync(overCap)).EndReason, Is.EqualTo("over_cap"), "the end stays as it was");
        Assert.That((await _db.ReadAsync(staying)).EndedAt, Is.Null);
    }

    [Test]
    public async Task WhileLiveKitCannotBeReached_ASessionPastItsCapBy60Seconds_EndsAsExpired_AndOneWithinItIsRemovedOnceLiveKitAnswers()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        liveKit.Fault = RoomServiceFault.Unreachable;
        await using var instance = await StartLeadingAsync(liveKit);
        var reachability = instance.Get<LiveKitReachability>();
        await WaitUntilAsync(() => reachability.IsDown, TimeSpan.FromSeconds(10), "the outage to be noticed");

        var now = Now();
        var longPast = await _db.InsertAsync(NewRoom("random"), "visitor", randomRoom: true, maxSessionSeconds: 5, now.AddSeconds(-71), now.AddSeconds(-70));
        var justPastRoom = NewRoom("random");
        var justPast = await _db.InsertAsync(justPastRoom, "visitor", randomRoom: true, maxSessionSeconds: 5, now.AddSeconds(-11), now.AddSeconds(-10));
        liveKit.AddParticipant(justPastRoom, "visitor", SessionAttributes(justPast));

        var expired = await _db.WaitForAsync(longPast, r => r.EndedAt is not null, TimeSpan.FromSeconds(8), "the expiry");
        Assert.That(expired.EndReason, Is.EqualTo("expired"));
        Assert.That(expired.EndedAt, Is.GreaterThanOrEqualTo(now));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.That((await _db.ReadAsync(justPast)).EndedAt, Is.Null, "within cap + 60 s it stays open while nothing can remove it");
        Assert.That(liveKit.Requests.Where(r => r.StatusCode != 0), Is.Empty, "every call failed");

        liveKit.Fault = RoomServiceFault.None;
        var deleted = await liveKit.WaitForRequestAsync("DeleteRoom", TimeSpan.FromSeconds(10), r => r.Room == justPastRoom && r.StatusCode == 200);

        Assert.That((await _db.ReadAsync(justPast)).EndReason, Is.EqualTo("duration_cap"));
        Assert.That(deleted.ReceivedAt - liveKit.Requests.First(r => r.StatusCode != 0).ReceivedAt, Is.LessThan(RemovalBound), "removed as soon as LiveKit answers");
    }

    [Test]
    public async Task TwoInstances_OneLeads_EachActionHappensOnce_AndTheOtherTakesOverWhenItStops()
    {
        await using var liveKit = await LiveKitRoomServiceStandIn.StartAsync();
        await using var first = await EnforcementInstance.StartAsync(_db.ConnectionString, liveKit);
        await using var second = await EnforcementInstance.StartAsync(_db.ConnectionString, liveKit);
        await WaitUntilAsync(() => (first.Lease.IsHeld || second.Lease.IsHeld) && liveKit.RequestsFor("ListRooms").Count >= 2, TimeSpan.FromSeconds(30), "one instance to lead and list twice");

        var joined = Now();
        var rooms = Enumerable.Range(0, 5).Select(_ => NewRoom("random")).ToList();
        foreach (var room in rooms)
        {
            var id = await _db.InsertAsync(room, "visitor", randomRoom: true, maxSessionSeconds: 2, joined.AddSeconds(-1), joined);
            liveKit.AddParticipant(room, "visitor", SessionAttributes(id));
        }

        foreach (var room in rooms)
        {
            await liveKit.WaitForRequestAsync("DeleteRoom", TimeSpan.FromSeconds(10), r => r.Room == room);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Multiple(() =>
        {
            Assert.That(first.Lease.IsHeld ^ second.Lease.IsHeld, Is.True, "exactly one instance holds the lease");
            foreach (var room in rooms)
            {
                Assert.That(liveKit.RequestsFor("DeleteRoom").Count(r => r.Room == room), Is.EqualTo(1), $"one DeleteRoom for {room}");
                Assert.That(liveKit.RequestsFor("SendData").Count(r => r.Room == room), Is.EqualTo(1), $"one warning for {room}");
            }
        });

        var (leader, follower) = first.Lease.IsHeld ? (first, second) : (second, first);
        await leader.StopAsync();
        await WaitUntilAsync(() => follower.Lease.IsHeld, TimeSpan.FromSeconds(5), "the other instance to take over");
        var listings = liveKit.RequestsFor("ListRooms").Count;
        await WaitUntilAsync(() => liveKit.RequestsFor("ListRooms").Count >= listings + 2, TimeSpan.FromSeconds(30), "the new holder to list twice");
        var lateRoom = NewRoom("random");
        var lateJoin = Now();
        var late = await _db.InsertAsync(lateRoom, "visitor", randomRoom: true, maxSessionSeconds: 1, lateJoin, lateJoin);
        liveKit.AddParticipant(lateRoom, "visitor", SessionAttributes(late));

        var deleted = await liveKit.WaitForRequestAsync("DeleteRoom", TimeSpan.FromSeconds(10), r => r.Room == lateRoom);
        Assert.That(deleted.ReceivedAt, Is.LessThanOrEqualTo(lateJoin.AddSeconds(1) + RemovalBound));
    }

    [Test]
    public void TheEndingMessage_IsTheContractsJson_WithTheEndRoundedUpToTheSecond()
    {
        var endsAt = new DateTimeOffset(2026, 12, 7, 4, 30, 0, TimeSpan.Zero).AddMilliseconds(250);

        Assert.That(System.Text.Encoding.UTF8.GetString(SessionEnforcer.EndingMessage(endsAt)), Is.EqualTo("{\"type\":\"ending\",\"endsAt\":\"2026-12-07T04:30:01Z\"}"));
        Assert.That(System.Text.Encoding.UTF8.GetString(SessionEnforcer.EndingMessage(endsAt.AddMilliseconds(-250))), Is.EqualTo("{\"type\":\"ending\",\"endsAt\":\"2026-12-07T04:30:00Z\"}"));
    }

    // PostgreSQL keeps microseconds: times compared with stored ones start there.
    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.UtcTicks % 10));
    }

    // Leading, and warm: two listings done, so every query of a round has run once before the
    // timed part of a test starts (a service is warm long before its first cap comes due).
    private async Task<EnforcementInstance> StartLeadingAsync(LiveKitRoomServiceStandIn liveKit, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var instance = await EnforcementInstance.StartAsync(_db.ConnectionString, liveKit, settings);
        await WaitUntilAsync(() => instance.Lease.IsHeld && liveKit.RequestsFor("ListRooms").Count >= 2, TimeSpan.FromSeconds(30), "the instance to lead and list twice");
        return instance;
    }

    private static string NewRoom(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static Dictionary<string, string> SessionAttributes(Guid sessionId) => new() { [LiveKitTokenSigner.SessionIdAttribute] = sessionId.ToString() };

    private static string Rfc3339RoundedUp(DateTimeOffset at)
    {
        var whole = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        return (whole < at ? whole.AddSeconds(1) : whole).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (Now() > deadline)
            {
                Assert.Fail($"Waited {timeout.TotalSeconds} s for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
