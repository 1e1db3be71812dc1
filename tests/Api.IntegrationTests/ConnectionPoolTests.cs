using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// The service's connection pool on real Kestrel and PostgreSQL: a burst never holds more than
/// <c>Database:MaxPoolSize</c> connections, so management commands still get one; idle ones are
/// pruned; a request that cannot get a pooled connection answers 503 in bounded time. The test
/// owns its server and lowers <c>max_connections</c> below Npgsql's default pool (100), as a
/// default PostgreSQL (100) shared by several instances effectively is. Timed session enforcement,
/// which takes a pooled connection every second on the instance that enforces, is left out.
/// </summary>
[NonParallelizable]
public sealed class ConnectionPoolTests
{
    private const int MaxConnections = 50;
    private const int DefaultMaxPoolSize = 20;

    private PostgresServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await OwnPostgres.StartWithAsync($"max_connections = {MaxConnections}");

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task ABurstOfInvalidKeysFrom50Addresses_StaysWithinThePool_KeysRevokeSucceedsAtOnce_AndIdleConnectionsArePruned()
    {
        await using var api = await TestApi.StartAsync("burst", new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            // The default budget: each address below stays under it (20 failures each).
            ["RateLimiting:FailedAuthPerAddressTokenLimit"] = "30",
            ["Database:ConnectionIdleLifetimeSeconds"] = "2",
            ["Database:ConnectionPruningIntervalSeconds"] = "1",
        }, server: _server, kestrel: true, services: TimedEnforcement.Remove);
        var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
        // Only the API's own connections should be counted from here on.
        NpgsqlConnection.ClearAllPools();
        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        var database = new NpgsqlConnectionStringBuilder(factory.ConnectionString).Database!;
        await using var watcher = await ConnectionWatcher.StartAsync(_server, database);

        using var parallel = new SemaphoreSlim(200);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var burst = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 1000).Select(async i =>
        {
            await parallel.WaitAsync();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, tenant.TokenPath()) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {Domain.ValueObjects.ApiKeyCredentials.NewPublicKey()}:sk_{Guid.NewGuid():N}");
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", $"198.51.100.{(i % 50) + 1}");
                using var response = await client.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    // A request that could not get a connection in time: the contract's 503, not a hang.
                    await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
                    Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
                }

                statuses.Add(response.StatusCode);
            }
            finally
            {
                parallel.Release();
            }
        }));
        burst.Stop();
        var peak = watcher.Peak;
        TestContext.Out.WriteLine($"burst: {burst.ElapsedMilliseconds} ms, {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} x {(int)g.Key}"))}; peak connections of the API: {peak}");

        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized).Or.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(peak, Is.LessThanOrEqualTo(DefaultMaxPoolSize), "the pool never exceeds Database:MaxPoolSize");

        var revoking = Stopwatch.StartNew();
        (await CliHarness.For(factory).RunAsync("keys", "revoke", tenant.Credentials.PublicKey)).AssertSuccess();
        revoking.Stop();
        TestContext.Out.WriteLine($"keys revoke after the burst: {revoking.ElapsedMilliseconds} ms");
        Assert.That(revoking.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "keys revoke succeeds at once");
        await (await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");

        // Idle lifetime 2 s, checked every 1 s: all idle connections are gone within about 3 s.
        var pruning = Stopwatch.StartNew();
        while (await watcher.CountAsync() > 0 && pruning.Elapsed < TimeSpan.FromSeconds(8))
        {
            await Task.Delay(100);
        }

        TestContext.Out.WriteLine($"idle connections pruned after {pruning.ElapsedMilliseconds} ms");
        Assert.That(await watcher.CountAsync(), Is.Zero, "idle connections are pruned");
        Assert.That(pruning.Elapsed, Is.LessThan(TimeSpan.FromSeconds(6)));
    }

    [Test]
    public async Task ARequestWaitingForAPooledConnection_Answers503WithRetryAfter_WithinTheConnectTimeout()
    {
        await using var api = await TestApi.StartAsync("poolwait", new Dictionary<string, string?>
        {
            ["Database:MaxPoolSize"] = "1",
            ["Database:ConnectTimeoutSeconds"] = "1",
            ["Database:CommandTimeoutSeconds"] = "8",
        }, server: _server, services: TimedEnforcement.Remove);
        var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
        // The start-up load of the CORS origins uses the pool too: done before the one connection is counted on.
        await factory.StartupLoadsDoneAsync();

        // The first request holds the only pooled connection, waiting on the lock.
        await using var locker = new NpgsqlConnection(factory.ConnectionString + ";Pooling=false");
        await locker.OpenAsync();
        await using (var lockTable = new NpgsqlCommand("BEGIN; LOCK TABLE api_keys IN ACCESS EXCLUSIVE MODE", locker))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var holder = client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);
        await Task.Delay(500);

        var clock = Stopwatch.StartNew();
        var waiting = await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);
        clock.Stop();
        TestContext.Out.WriteLine($"a request waiting for the pool answered after {clock.ElapsedMilliseconds} ms");
        await waiting.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
        Assert.That(waiting.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2.5)), "Database:ConnectTimeoutSeconds (1 s) bounds the wait for a pooled connection");

        await using (var commit = new NpgsqlCommand("COMMIT", locker))
        {
            await commit.ExecuteNonQueryAsync();
        }

        Assert.That((await holder).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the request holding the connection finishes once the lock is gone");
        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>Samples pg_stat_activity for one database every 20 ms and keeps the peak.</summary>
    private sealed class ConnectionWatcher : IAsyncDisposable
    {
        private readonly NpgsqlConnection _connection;
        private readonly string _database;
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _gate = new(1);
        private Task _sampling = Task.CompletedTask;
        private int _peak;

        private ConnectionWatcher(NpgsqlConnection connection, string database)
        {
            _connection = connection;
            _database = database;
        }

        public int Peak => Volatile.Read(ref _peak);

        public static async Task<ConnectionWatcher> StartAsync(PostgresServer server, string database)
        {
            var connection = new NpgsqlConnection(server.AdminConnectionString + ";Pooling=false");
            await connection.OpenAsync();
            var watcher = new ConnectionWatcher(connection, database);
            watcher._sampling = watcher.SampleAsync();
            return watcher;
        }

        public async Task<int> CountAsync()
        {
            await _gate.WaitAsync();
            try
            {
                await using var command = new NpgsqlCommand("SELECT count(*)::int FROM pg_stat_activity WHERE datname = @db AND backend_type = 'client backend' AND application_name NOT IN ('agentsgt-listener', 'agentsgt-sessions')", _connection);
                command.Parameters.AddWithValue("db", _database);
                return (int)(await command.ExecuteScalarAsync())!;
            }
            finally
            {
                _gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            await _connection.DisposeAsync();
            _stop.Dispose();
            _gate.Dispose();
        }

        private async Task SampleAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var count = await CountAsync();
                if (count > _peak)
                {
                    Volatile.Write(ref _peak, count);
                }

                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
