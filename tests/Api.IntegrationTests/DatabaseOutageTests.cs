using System.Diagnostics;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// PostgreSQL stopped under a running service and started again: every call answers the
/// contract's 503 with Retry-After quickly, /health/ready reports the outage, and the service
/// recovers without a restart. The test owns its server, so stopping it affects no other fixture.
/// </summary>
[NonParallelizable]
public sealed class DatabaseOutageTests
{
    /// <summary>The documented bound for a 503 while the database is down (docs/security.md, API4).</summary>
    private static readonly TimeSpan OutageAnswerBound = TimeSpan.FromSeconds(3);

    /// <summary>A call on a hung database: command timeout (5 s) + 2 × connect timeout (2 s) for Npgsql's cancellation request, docs/security.md.</summary>
    private static readonly TimeSpan FrozenCallBound = TimeSpan.FromSeconds(9);

    /// <summary>The readiness probe's database check (docs/security.md).</summary>
    private static readonly TimeSpan ReadyBound = TimeSpan.FromSeconds(3);

    /// <summary>Scheduling on a loaded 2-core machine.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(1.5);

    private PostgresServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _server = await PostgresServer.StartAsync();
        Assume.That(_server.CanStopAndStart, $"A {_server.Kind} server cannot be stopped by the tests.");
    }

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task DuringAnOutage_CallsAnswer503Fast_ReadyIsUnhealthy_AndTheServiceRecoversWithoutARestart()
    {
        await using var api = await TestApi.StartAsync("outage", server: _server);

        // Fill the pool with connections that the stop will break.
        var warm = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.PostAsync(api.Tenant.TokenPath())));
        Assert.That(warm.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        await AssertReadyAsync(api.Client, HttpStatusCode.OK, "Healthy");
        var usedBeforeOutage = await api.Factory.LastUsedAtAsync(api.Tenant.ApiKeyId);

        await _server.StopAsync();

        var slowest = TimeSpan.Zero;
        foreach (var round in Enumerable.Range(0, 3))
        {
            var calls = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
            {
                var clock = Stopwatch.StartNew();
                var response = await api.Client.PostTokenAsync(api.Tenant.TokenPath(), i % 2 == 0 ? api.Tenant.Authorization : "Bearer pk_unknown1:sk_guess");
                return (Response: response, Elapsed: clock.Elapsed);
            }));
            foreach (var (response, elapsed) in calls)
            {
                await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable", "Service temporarily unavailable");
                Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
                slowest = elapsed > slowest ? elapsed : slowest;
            }
        }

        TestContext.Out.WriteLine($"slowest 503 during the outage: {slowest.TotalMilliseconds:0} ms");
        Assert.That(slowest, Is.LessThan(OutageAnswerBound));
        await AssertReadyAsync(api.Client, HttpStatusCode.ServiceUnavailable, "Unhealthy");
        Assert.That((await api.Client.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "live does not depend on the database");

        await _server.StartAgainAsync();
        var restarted = Stopwatch.StartNew();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage first;
        do
        {
            first = await api.PostAsync(api.Tenant.TokenPath());
            statuses.Add(first.StatusCode);
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK).Or.EqualTo(HttpStatusCode.ServiceUnavailable), await first.Content.ReadAsStringAsync());
        }
        while (first.StatusCode != HttpStatusCode.OK && restarted.Elapsed < TimeSpan.FromSeconds(10));

        TestContext.Out.WriteLine($"after restart: {string.Join(", ", statuses)}; first 200 after {restarted.ElapsedMilliseconds} ms");
        Assert.That(statuses[0], Is.EqualTo(HttpStatusCode.OK), "the first call after the database is back succeeds");

        var lastStart = DateTimeOffset.UtcNow;
        var after = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => api.PostAsync(api.Tenant.TokenPath())));
        Assert.That(after.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), "no broken pooled connection is left");
        await AssertReadyAsync(api.Client, HttpStatusCode.OK, "Healthy");
        Assert.That(await api.Factory.LastUsedAtAsync(api.Tenant.ApiKeyId), Is.GreaterThanOrEqualTo(Truncate(lastStart)).And.GreaterThan(usedBeforeOutage!.Value));
    }

    [Test]
    public async Task AfterARestartWithNoCallsInBetween_PooledConnectionsBrokenByIt_DoNotFailCalls()
    {
        await using var api = await TestApi.StartAsync("restart", server: _server);
        var warm = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => api.PostAsync(api.Tenant.TokenPath())));
        Assert.That(warm.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

        // Every idle pooled connection now points at a server process that is gone.
        await _server.StopAsync();
        await _server.StartAgainAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var round = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.PostAsync(api.Tenant.TokenPath())));
            statuses.AddRange(round.Select(r => r.StatusCode));
        }

        TestContext.Out.WriteLine($"after a quiet restart: {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} x {g.Key}"))}");
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task WithTheDatabaseFrozen_CallsAnswer503WithinTheDocumentedBound_ReadyAnswersItsJsonWithinItsBound_AndTheServiceRecovers()
    {
        // Default settings: the bounds under test are the documented ones (docs/security.md).
        await using var api = await TestApi.StartAsync("frozen", server: _server, kestrel: true);
        var (client, tenant) = (api.Client, api.Tenant);
        // Several pooled connections: each hung call blocks a thread in Npgsql's cancellation request.
        var warm = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)));
        Assert.That(warm.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

        await _server.FreezeAsync();
        try
        {
            var calls = Enumerable.Range(0, 12).Select(async i =>
            {
                var clock = Stopwatch.StartNew();
                var response = await client.PostTokenAsync(tenant.TokenPath(), i % 2 == 0 ? tenant.Authorization : "Bearer pk_unknown1:sk_guess");
                return (Response: response, Elapsed: clock.Elapsed);
            }).ToList();
            var readyClock = Stopwatch.StartNew();
            var ready = await client.GetAsync("/health/ready");
            readyClock.Stop();
            var answered = await Task.WhenAll(calls);

            TestContext.Out.WriteLine($"frozen database: 503s after {string.Join(", ", answered.Select(c => $"{c.Elapsed.TotalMilliseconds:0}"))} ms; /health/ready after {readyClock.ElapsedMilliseconds} ms");
            foreach (var (response, elapsed) in answered)
            {
                await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable", "Service temporarily unavailable");
                Assert.That(response.Headers.RetryAfter?.Delta?.TotalSeconds, Is.GreaterThanOrEqualTo(1));
                Assert.That(elapsed, Is.LessThan(FrozenCallBound + Margin), "Database:CommandTimeoutSeconds + 2 × Database:ConnectTimeoutSeconds");
            }

            var body = await ready.JsonAsync();
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), body.ToString());
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"), "the health JSON, not an API error body");
            Assert.That(body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
            Assert.That(readyClock.Elapsed, Is.LessThan(ReadyBound + Margin), "the health probe's own bound");
        }
        finally
        {
            await _server.ThawAsync();
        }

        var thawed = Stopwatch.StartNew();
        HttpResponseMessage after;
        do
        {
            after = await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization);
        }
        while (after.StatusCode != HttpStatusCode.OK && thawed.Elapsed < TimeSpan.FromSeconds(10));

        TestContext.Out.WriteLine($"first 200 after the thaw: {thawed.ElapsedMilliseconds} ms");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the service recovers without a restart");
        await AssertReadyAsync(client, HttpStatusCode.OK, "Healthy");
    }

    [Test]
    public async Task AnOutage_IsLoggedOnceWhenItStarts_OneLinePerFailedRequestWithoutAStackTrace_AndOnceWhenItEndsWithTheCount()
    {
        var logs = new LogCapture();
        await using var api = await TestApi.StartAsync("outagelog", server: _server, logs: logs);
        Assert.That((await api.PostAsync(api.Tenant.TokenPath())).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        const int FailedRequests = 12;
        await _server.StopAsync();
        var before = logs.Entries.Count;
        try
        {
            foreach (var i in Enumerable.Range(0, FailedRequests))
            {
                var response = await api.Client.PostTokenAsync(api.Tenant.TokenPath(), i % 2 == 0 ? api.Tenant.Authorization : "Bearer pk_unknown1:sk_guess");
                await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "service_unavailable");
            }
        }
        finally
        {
            await _server.StartAgainAsync();
        }

        var ended = Stopwatch.StartNew();
        while (!logs.Entries.Any(e => e.Contains("|DatabaseOutageEnded|", StringComparison.Ordinal)) && ended.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        // What an operator sees at the shipped log levels: Warning and above.
        var outage = logs.Entries.Skip(before)
            .Where(e => e.Contains("|Warning|", StringComparison.Ordinal) || e.Contains("|Error|", StringComparison.Ordinal) || e.Contains("|Critical|", StringComparison.Ordinal))
            .ToList();
        TestContext.Out.WriteLine($"{outage.Count} entries at Warning or above for {FailedRequests} failed requests; end logged {ended.ElapsedMilliseconds} ms after the restart:\n{string.Join("\n", outage.Select(e => e[..Math.Min(e.Length, 300)]))}");

        Assert.That(outage.Count(e => e.Contains("|DatabaseOutageStarted|", StringComparison.Ordinal)), Is.EqualTo(1), "the start, once");
        var end = outage.Where(e => e.Contains("|DatabaseOutageEnded|", StringComparison.Ordinal)).ToList();
        Assert.That(end, Has.Count.EqualTo(1), "the end, once");
        Assert.That(end[0], Does.Contain($"FailedRequests={FailedRequests}"));
        Assert.That(outage, Has.Count.LessThanOrEqualTo(FailedRequests + 1), "at most one line per failed request, plus the end");
        Assert.That(outage, Has.None.Contains(" exception:").And.None.Contains("   at "), "no exception or stack trace");
        Assert.That((await api.PostAsync(api.Tenant.TokenPath())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - (time.Ticks % 10), time.Offset);

    private static async Task AssertReadyAsync(HttpClient client, HttpStatusCode status, string health)
    {
        var response = await client.GetAsync("/health/ready");
        var body = await response.JsonAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body.ToString());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo(health));
        Assert.That(body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo(health));
    }
}
