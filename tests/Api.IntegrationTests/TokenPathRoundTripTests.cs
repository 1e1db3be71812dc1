using Agentsgt.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// What a token request costs the database, counted by PostgreSQL itself (pg_stat_statements): one
/// statement per request, a read; a flush of last_used_at that fails while the database is down
/// keeps its times and writes them once it is back; and concurrent wrong secrets from one address
/// cannot reach the database more often than the failed-authentication budget. The fixture owns its
/// server: it loads pg_stat_statements (a restart) and stops it.
/// </summary>
[NonParallelizable]
public sealed class TokenPathRoundTripTests
{
    private PostgresServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServerWithStatementStatistics() => _server = await OwnPostgres.StartWithAsync("shared_preload_libraries = 'pg_stat_statements'");

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task EveryTokenRequest_IsOneDatabaseRoundTrip_ARead()
    {
        await using var api = await StartApiAsync("roundtrips", new() { ["Database:LastUsedAtFlushSeconds"] = "10" });
        var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
        var otherOrganization = await factory.CreateTenantAsync();
        // A first request opens and prepares the pooled connection; what follows is the steady state.
        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await ResetStatisticsAsync(factory);

        var outcomes = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            outcomes.Add((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization, """{"roomName":"support-room-001"}""")).StatusCode);
            outcomes.Add((await client.PostTokenAsync(tenant.TokenPath(otherOrganization.AgentId), tenant.Authorization)).StatusCode);
            outcomes.Add((await client.PostTokenAsync(tenant.TokenPath(), $"Bearer {tenant.Credentials.PublicKey}:sk_wrongSecret")).StatusCode);
            outcomes.Add((await client.PostTokenAsync(tenant.TokenPath(), "Bearer pk_unknownKey:sk_guess")).StatusCode);
        }

        Assert.That(outcomes.Distinct(), Is.EquivalentTo(new[] { HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.Unauthorized }));
        var statements = await StatementsAsync(factory);
        Assert.That(statements, Has.Count.EqualTo(1), string.Join("\n", statements));
        Assert.That(statements[0].Query, Does.StartWith("SELECT").And.Contains("api_keys").And.Contains("agents"));
        Assert.That(statements[0].Calls, Is.EqualTo(outcomes.Count), "one execution per request, whatever its outcome");
    }

    [Test]
    public async Task Check2_ThreeHundredConcurrentWrongSecretsFromOneAddress_ReachTheDatabaseAtMostTheBudget()
    {
        await using var api = await StartApiAsync("budgetrace", new()
        {
            ["RateLimiting:FailedAuthPerAddressTokenLimit"] = "30",
            ["RateLimiting:FailedAuthPerAddressTokensPerPeriod"] = "1",
            ["RateLimiting:FailedAuthPerAddressReplenishmentSeconds"] = "3600",
        }, kestrel: true);
        var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
        await ResetStatisticsAsync(factory);

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = Enumerable.Range(0, 300).Select(i => Task.Run(async () =>
        {
            await go.Task;
            using var response = await client.PostTokenAsync(tenant.TokenPath(), $"Bearer {tenant.Credentials.PublicKey}:sk_wrongGuess{i}");
            return response.StatusCode;
        })).ToList();
        go.SetResult();
        var statuses = await Task.WhenAll(calls);

        var statements = await StatementsAsync(factory);
        var lookups = statements.Where(s => s.Query.Contains("api_keys", StringComparison.Ordinal)).Sum(s => s.Calls);
        TestContext.Out.WriteLine($"401: {statuses.Count(s => s == HttpStatusCode.Unauthorized)}, 429: {statuses.Count(s => s == HttpStatusCode.TooManyRequests)}, key lookups: {lookups}");
        TestContext.Out.WriteLine(string.Join("\n", statements));
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.Unauthorized).Or.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(statuses.Count(s => s == HttpStatusCode.Unauthorized), Is.EqualTo(30));
        Assert.That(lookups, Is.LessThanOrEqualTo(30));
    }

    [Test]
    public async Task Check3_AFlushWhileTheDatabaseIsDown_KeepsItsTimes_AndWritesThemOnceItIsBack()
    {
        await using var api = await StartApiAsync("flushoutage", new() { ["Database:LastUsedAtFlushSeconds"] = "10" });
        var (factory, client, tenant) = (api.Factory, api.Client, api.Tenant);
        var writer = factory.Services.GetRequiredService<LastUsedAtWriter>();
        var start = DateTimeOffset.UtcNow;
        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var end = DateTimeOffset.UtcNow;

        await _server.StopAsync();
        try
        {
            Assert.That(await writer.FlushAsync(), Is.False, "the database is down");
            Assert.That(writer.Pending, Is.EqualTo(1), "the time is kept");
            // Requests still get the contract's answer: 503 with Retry-After, never a hang or a 500.
            var during = await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);
            await during.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            Assert.That(during.Headers.RetryAfter, Is.Not.Null);
        }
        finally
        {
            await _server.StartAgainAsync();
        }

        // The writer retries on its own, within its bound.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(25);
        DateTimeOffset? stored = null;
        while (DateTime.UtcNow < deadline && (stored = await StoredLastUsedAtAsync(factory, tenant.ApiKeyId)) is null)
        {
            await Task.Delay(250);
        }

        Assert.That(stored, Is.InRange(start - TimeSpan.FromTicks(10), end + TimeSpan.FromTicks(10)));
        Assert.That(writer.Pending, Is.Zero);
    }

    /// <summary>An API on a new database of this fixture's server, with pg_stat_statements created in it.</summary>
    private async Task<TestApi> StartApiAsync(string name, Dictionary<string, string?> overrides, bool kestrel = false)
    {
        var factory = await ApiFactory.CreateAsync(name, overrides, _server);
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
            await command.ExecuteNonQueryAsync();
        }

        return await TestApi.StartAsync(factory, kestrel);
    }

    private static async Task ResetStatisticsAsync(ApiFactory factory)
    {
        // The service's own start-up reads are not a request's: let them finish first.
        await factory.StartupLoadsDoneAsync();
        await using var connection = new NpgsqlConnection(Unpooled(factory));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Statements executed in the factory's database since the reset, except this test's own.</summary>
    private static async Task<List<(string Query, long Calls)>> StatementsAsync(ApiFactory factory)
    {
        await using var connection = new NpgsqlConnection(Unpooled(factory));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT query, calls FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'
            ORDER BY calls DESC
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    // Unpooled: a pooled connection would be reset with a DISCARD ALL that the statistics count.
    private static string Unpooled(ApiFactory factory) => factory.ConnectionString + ";Pooling=false";

    private static async Task<DateTimeOffset?> StoredLastUsedAtAsync(ApiFactory factory, Guid keyId)
    {
        try
        {
            return await factory.StoredLastUsedAtAsync(keyId);
        }
        catch (NpgsqlException)
        {
            return null; // pooled connections broken by the restart
        }
    }
}
