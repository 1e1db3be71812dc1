using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// The contract's check 3 with last_used_at written behind: every key's time reaches its row
/// within the flush bound, the latest call wins, nothing is lost under concurrency or at a
/// graceful stop, and keys are still not cached (revocation holds on the very next request).
/// </summary>
public sealed class LastUsedAtWriteBehindTests
{
    private const int Calls = 1000;
    private const int OtherKeys = 20;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(0.5);

    // PostgreSQL keeps microseconds (rounded); the client clock has 100 ns ticks.
    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    [Test]
    public async Task Check3_AThousandConcurrentCalls_OnAHotKeyAnd20Others_AfterTheBound_EveryKeysLastUsedAtIsItsLatestCall()
    {
        await using var api = await TestApi.StartAsync("writebehind", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "100000",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "100000",
            ["Database:LastUsedAtFlushSeconds"] = Bound.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        });
        var (factory, client, hot) = (api.Factory, api.Client, api.Tenant);
        var keys = new List<TestTenant> { hot };
        for (var i = 0; i < OtherKeys / 4; i++)
        {
            var tenant = await factory.CreateTenantAsync();
            keys.Add(tenant);
            for (var k = 1; k < 4; k++)
            {
                var (keyId, credentials) = await factory.AddKeyAsync(tenant.OrganizationId);
                keys.Add(tenant with { ApiKeyId = keyId, Credentials = credentials });
            }
        }

        // Half the calls on the hot key, the rest spread over the others, all started at once.
        var plan = Enumerable.Range(0, Calls).Select(i => i % 2 == 0 ? hot : keys[1 + (i / 2 % OtherKeys)]).ToList();
        var clock = Stopwatch.StartNew();
        var burst = await CallAllAsync(client, plan);
        TestContext.Out.WriteLine($"{Calls} concurrent calls in {clock.ElapsedMilliseconds} ms");
        await AssertLastUsedAtIsTheLatestCallAsync(factory, keys, burst);

        // Then one more call per key, all at once: each key's time must move on to exactly that call's.
        var final = await CallAllAsync(client, keys);
        await AssertLastUsedAtIsTheLatestCallAsync(factory, keys, final);
    }

    [Test]
    public async Task Check3_AGracefulStop_WritesEveryPendingTime_BeforeTheProcessExits()
    {
        await using var database = await ApiFactory.CreateAsync("writebehindstop");
        var tenants = new List<TestTenant>();
        for (var i = 0; i < 5; i++)
        {
            tenants.Add(await database.CreateTenantAsync());
        }

        // The longest bound, so nothing is flushed before the stop: only the shutdown flush can write them.
        await using var api = await ApiProcess.StartAsync(ApiProcess.Production(database.ConnectionString, [KeyValuePair.Create("Database__LastUsedAtFlushSeconds", "10")]));
        using var client = new HttpClient { BaseAddress = new Uri(api.Url) };
        var calls = await CallAllAsync(client, tenants);
        Assert.That(calls.Values.Select(c => c.Status), Is.All.EqualTo(HttpStatusCode.OK), api.Output);
        foreach (var tenant in tenants)
        {
            Assert.That(await database.StoredLastUsedAtAsync(tenant.ApiKeyId), Is.Null, "still pending: the bound is 10 s");
        }

        var exitCode = await api.TerminateAsync(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(0), api.Output);
        foreach (var tenant in tenants)
        {
            var (start, end, _) = calls[tenant.ApiKeyId];
            Assert.That(await database.StoredLastUsedAtAsync(tenant.ApiKeyId), Is.InRange(start - Microsecond, end + Microsecond), $"key {tenant.ApiKeyId}");
        }
    }

    [Test]
    public async Task Check2_ARevokedKey_IsRefusedOnTheVeryNextRequest_RightAfterItWasUsed()
    {
        await using var api = await TestApi.StartAsync("revokednext");
        Assert.That((await api.PostAsync(api.Tenant.TokenPath())).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        await api.Factory.RevokeKeyAsync(api.Tenant.ApiKeyId);

        await (await api.PostAsync(api.Tenant.TokenPath())).AssertErrorAsync(HttpStatusCode.Unauthorized, "invalid_key");
    }

    /// <summary>One call per entry, all started together; per key, the window of its latest-starting and latest-ending call.</summary>
    private static async Task<Dictionary<Guid, (DateTimeOffset LatestStart, DateTimeOffset LatestEnd, HttpStatusCode Status)>> CallAllAsync(HttpClient client, IReadOnlyList<TestTenant> plan)
    {
        var windows = new ConcurrentDictionary<Guid, (DateTimeOffset LatestStart, DateTimeOffset LatestEnd, HttpStatusCode Status)>();
        var failures = new ConcurrentBag<string>();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = plan.Select(key => Task.Run(async () =>
        {
            await go.Task;
            var started = DateTimeOffset.UtcNow;
            using var response = await client.PostTokenAsync(key.TokenPath(), key.Authorization, """{"roomName":"busy-room"}""");
            var ended = DateTimeOffset.UtcNow;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            windows.AddOrUpdate(
                key.ApiKeyId,
                (started, ended, response.StatusCode),
                (_, previous) => (started > previous.LatestStart ? started : previous.LatestStart, ended > previous.LatestEnd ? ended : previous.LatestEnd, response.StatusCode));
        })).ToList();
        go.SetResult();
        await Task.WhenAll(calls);
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(5)));
        return new Dictionary<Guid, (DateTimeOffset, DateTimeOffset, HttpStatusCode)>(windows);
    }

    /// <summary>
    /// Waits the bound (and some slack for a busy machine), then reads the rows as they are: each
    /// key's time is its latest call's, i.e. no earlier than the latest call's start and no later
    /// than the latest end (each call's time lies within its own window).
    /// </summary>
    private static async Task AssertLastUsedAtIsTheLatestCallAsync(ApiFactory factory, IEnumerable<TestTenant> keys, Dictionary<Guid, (DateTimeOffset LatestStart, DateTimeOffset LatestEnd, HttpStatusCode Status)> windows)
    {
        await Task.Delay(Bound * 2 + TimeSpan.FromSeconds(1));
        foreach (var key in keys)
        {
            var (start, end, _) = windows[key.ApiKeyId];
            Assert.That(await factory.StoredLastUsedAtAsync(key.ApiKeyId), Is.InRange(start - Microsecond, end + Microsecond), $"key {key.ApiKeyId}");
        }
    }
}
