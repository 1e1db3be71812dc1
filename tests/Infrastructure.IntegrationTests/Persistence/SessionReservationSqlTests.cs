using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.Persistence;
using Agentsgt.Tests.Support;
using Microsoft.EntityFrameworkCore;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agentsgt.Infrastructure.IntegrationTests.Persistence;

/// <summary>The migration's reservation functions, called as the token path calls them: through <see cref="SessionReservationQueue"/>, three instances' worth.</summary>
public sealed class SessionReservationSqlTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);
    private readonly Guid _organization = Guid.NewGuid();
    private readonly Guid _agent = Guid.NewGuid();
    private readonly Guid _key = Guid.NewGuid();
    private string _connectionString = null!;
    private NpgsqlDataSource _dataSource = null!;

    // Three instances' reservation queues on one database, taken in turn.
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    // Held for the fixture's life: a listener nothing references may be collected mid-test and miss measurements.
    private readonly List<MeterListener> _listeners = [];
    private SessionReservationQueue[] _instances = null!;
    private int _nextInstance;

    [OneTimeSetUp]
    public async Task CreateDatabase()
    {
        var server = await SharedPostgres.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("session_reservation");
        _connectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _instances = [NewInstance(), NewInstance(), NewInstance()];
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
    public async Task DisposeDataSource()
    {
        _listeners.ForEach(l => l.Dispose());
        await _dataSource.DisposeAsync();
        await _metrics.DisposeAsync();
    }

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

    [Test]
    public async Task OneCall_DecidesItsReservationsInTurn_AndAChosenIdentityAlreadyInTheCall_ContinuesItsSession()
    {
        var key = await AddKeyAsync();
        var room = "room-" + Guid.NewGuid().ToString("N");
        var call = new Call(_organization, _agent);
        call.Add(key, room, "v1", mayContinue: true, keyMax: 3);
        call.Add(key, room, "v2", mayContinue: false, keyMax: 3);
        call.Add(key, room, "v3", mayContinue: false, keyMax: 3);
        call.Add(key, room, "v1", mayContinue: true, keyMax: 3);
        call.Add(key, room, "v2", mayContinue: false, keyMax: 3);
        call.Add(key, room, "v4", mayContinue: false, keyMax: 3);

        var answers = await call.SendAsync(_dataSource);

        Assert.That(answers, Is.EqualTo(new List<(int, string?, Guid?)>
        {
            (1, null, null), (2, null, null), (3, null, null), (4, null, call.Ids[0]), (5, "key", null), (6, "key", null),
        }), "three slots taken in turn; the second v1 continues the first with no slot; v2 again, a generated identity's "
            + "reservation (no lookup), and v4 find the cap full");
        Assert.That(await CountAsync($"api_key_id = '{key}'"), Is.EqualTo(4), "the refused ones left no row");
    }

    [Test]
    public async Task ReservationsDecidedOutOfArrivalOrder_NeverContinueOneThatArrivedLater()
    {
        // Decided by key within an organization: the later arrival, on the lower key, is decided first.
        Guid[] keys = [await AddKeyAsync(), await AddKeyAsync()];
        Array.Sort(keys, (a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        var room = "room-" + Guid.NewGuid().ToString("N");
        var call = new Call(_organization, _agent);
        call.Add(keys[1], room, "visitor", mayContinue: true, keyMax: 10);
        call.Add(keys[0], room, "visitor", mayContinue: true, keyMax: 10);

        var answers = await call.SendAsync(_dataSource);

        Assert.That(answers, Is.EqualTo(new List<(int, string?, Guid?)> { (1, null, null), (2, null, null) }),
            "the earlier token does not continue the later one (nor the later one an earlier one not yet written)");
    }

    [Test]
    public async Task AReservationThatFails_FailsOnlyItsOwnRequest_NotTheOthersSharingItsCall()
    {
        var key = await AddKeyAsync();
        var sizes = new List<int>();
        var instance = NewInstance(sizes);
        var taken = Guid.NewGuid();
        Assert.That((await ReserveOnAsync(instance, key, "room-first", "v-first", keyMax: 100, id: taken)).Reserved, Is.True);

        // The key's bound row held, so the first two calls wait in PostgreSQL and the other 28 queue for one
        // shared call; the sixteenth reuses a stored id.
        Task<SessionReservation>[] calls;
        await using (var holder = await _dataSource.OpenConnectionAsync())
        {
            await using var transaction = await holder.BeginTransactionAsync();
            await using (var hold = new NpgsqlCommand($"SELECT 1 FROM session_slot_bounds WHERE level = 'key' AND scope_id = '{key}' FOR UPDATE", holder, transaction))
            {
                await hold.ExecuteScalarAsync();
            }

            calls = [.. Enumerable.Range(0, 30).Select(i => ReserveOnAsync(instance, key, $"room-{i}", $"v{i}", keyMax: 100, id: i == 15 ? taken : null))];
            await transaction.CommitAsync();
        }

        var failure = await Assert.ThrowsAsync<PostgresException>(() => calls[15]);
        Assert.That(failure!.SqlState, Is.EqualTo(PostgresErrorCodes.UniqueViolation));
        var others = await Task.WhenAll(calls.Where((_, i) => i != 15));
        Assert.That(others.Select(r => r.Reserved), Is.All.True);
        Assert.That(await CountAsync($"api_key_id = '{key}'"), Is.EqualTo(30), "the first and the other 29");
        lock (sizes)
        {
            Assert.That(sizes.Max(), Is.GreaterThan(1), "a call was shared");
            Assert.That(sizes.Sum() - 31, Is.EqualTo(sizes.Max()), "the failed call's reservations were each sent again alone");
        }
    }

    [Test]
    public async Task ARequestAlreadyGone_TakesNoSlot()
    {
        var key = await AddKeyAsync();
        var id = Guid.NewGuid();
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        var session = Session.Issue(id, _organization, _agent, key, "room-gone", randomRoom: false, "v1", DateTimeOffset.UtcNow, new SessionCaps(1, null, 3600));

        await Assert.ThrowsAsync<TaskCanceledException>(() => NewInstance().ReserveAsync(session, mayContinue: false, TimeSpan.FromSeconds(60), gone.Token));

        Assert.That(await CountAsync($"id = '{id}'"), Is.Zero);
        Assert.That(await ReserveAsync(key, "room-next", "v2", keyMax: 1), Is.Null, "the key's one slot is still free");
    }

    [Test]
    public async Task AfterPostgreSqlClosedItsPooledConnections_AReservationStillGoesThrough()
    {
        var key = await AddKeyAsync();
        var application = "reservations-" + Guid.NewGuid().ToString("N")[..8];
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_connectionString) { ApplicationName = application }.ConnectionString);
        var instance = new SessionReservationQueue(dataSource, _metrics.GetRequiredService<IMeterFactory>());
        Assert.That((await ReserveOnAsync(instance, key, "room-before", "v1", keyMax: 10)).Reserved, Is.True);

        // As a restart does: every connection the pool holds is closed by the server.
        await using (var terminate = _dataSource.CreateCommand($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{application}'"))
        {
            Assert.That((long)(await terminate.ExecuteScalarAsync())!, Is.GreaterThan(0));
        }

        Assert.That((await ReserveOnAsync(instance, key, "room-after", "v2", keyMax: 10)).Reserved, Is.True);
        Assert.That(await CountAsync($"api_key_id = '{key}'"), Is.EqualTo(2));
    }

    [Test]
    public async Task ManyRequestsAtOnce_AllGetTheirAnswer()
    {
        // Requests from many threads at once, each answered: none is left in the queue behind the calls.
        var key = await AddKeyAsync();
        var instance = NewInstance();
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(worker => Task.Run(async () =>
        {
            var reserved = 0;
            for (var i = 0; i < 40; i++)
            {
                reserved += (await ReserveOnAsync(instance, key, $"room-{worker}-{i}", "v", keyMax: null, _organization, organizationMax: 1_000_000)).Reserved ? 1 : 0;
            }

            return reserved;
        }))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(answers.Sum(), Is.EqualTo(640));
    }

    private SessionReservationQueue NewInstance(List<int>? callSizes = null)
    {
        var meters = _metrics.GetRequiredService<IMeterFactory>();
        if (callSizes is not null)
        {
            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    if (instrument.Name == SessionReservationQueue.CallSizeName && instrument.Meter.Scope == meters)
                    {
                        l.EnableMeasurementEvents(instrument);
                    }
                },
            };
            listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
            {
                lock (callSizes)
                {
                    callSizes.Add(size);
                }
            });
            listener.Start();
            _listeners.Add(listener);
        }

        return new SessionReservationQueue(_dataSource, meters);
    }

    private async Task<long> CountAsync(string where)
    {
        await using var command = _dataSource.CreateCommand($"SELECT count(*) FROM sessions WHERE {where}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Guid> AddKeyAsync(Guid? organization = null)
    {
        var key = Guid.NewGuid();
        await ExecuteAsync(
            $"INSERT INTO api_keys (id, organization_id, name, public_key, secret_hash, pepper_id, created_at) " +
            $"VALUES ('{key}', '{organization ?? _organization}', 'k', 'pk_{key:N}', '\\x01', 'p1', now())");
        return key;
    }

    private Task<long> CountOpenAsync(Guid organization) => CountAsync($"organization_id = '{organization}' AND ended_at IS NULL");

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string?> ReserveAsync(Guid key, string room, string identity, int? keyMax, Guid? organization = null, int? organizationMax = null)
    {
        var reservation = await ReserveOnAsync(_instances[Interlocked.Increment(ref _nextInstance) % _instances.Length], key, room, identity, keyMax, organization, organizationMax);
        return reservation.FullCap switch
        {
            null => null,
            SessionCapLevel.Key => "key",
            _ => "organization",
        };
    }

    private Task<SessionReservation> ReserveOnAsync(SessionReservationQueue instance, Guid key, string room, string identity, int? keyMax, Guid? organization = null, int? organizationMax = null, Guid? id = null)
    {
        var caps = new SessionCaps(keyMax, organizationMax, 3600);
        var session = Session.Issue(id ?? Guid.NewGuid(), organization ?? _organization, _agent, key, room, randomRoom: false, identity, DateTimeOffset.UtcNow, caps);
        return instance.ReserveAsync(session, mayContinue: true, TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    /// <summary>One call to <c>reserve_sessions</c>, built by hand so that what shares it is certain.</summary>
    private sealed class Call(Guid organization, Guid agent)
    {
        private readonly List<(Guid Key, string Room, string Identity, bool MayContinue, int KeyMax)> _items = [];

        public List<Guid> Ids { get; } = [];

        public void Add(Guid key, string room, string identity, bool mayContinue, int keyMax)
        {
            _items.Add((key, room, identity, mayContinue, keyMax));
            Ids.Add(Guid.NewGuid());
        }

        public async Task<List<(int Ordinal, string? Full, Guid? Replaced)>> SendAsync(NpgsqlDataSource dataSource)
        {
            await using var command = dataSource.CreateCommand(SessionReservationQueue.ReserveSql + " ORDER BY ordinal");
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. Ids] });
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. _items.Select(_ => organization)] });
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. _items.Select(_ => agent)] });
            command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. _items.Select(i => i.Key)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. _items.Select(i => i.Room)] });
            command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. _items.Select(_ => false)] });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. _items.Select(i => i.Identity)] });
            command.Parameters.Add(new NpgsqlParameter<bool[]> { TypedValue = [.. _items.Select(i => i.MayContinue)] });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. _items.Select((_, n) => Now.AddSeconds(n))] });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. _items.Select(_ => 3600)] });
            command.Parameters.Add(new NpgsqlParameter<int?[]> { TypedValue = [.. _items.Select(i => (int?)i.KeyMax)] });
            command.Parameters.Add(new NpgsqlParameter<int?[]> { TypedValue = [.. _items.Select(_ => (int?)null)] });
            command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. _items.Select(_ => 60)] });
            var answers = new List<(int, string?, Guid?)>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                answers.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetGuid(2)));
            }

            return answers;
        }
    }
}
