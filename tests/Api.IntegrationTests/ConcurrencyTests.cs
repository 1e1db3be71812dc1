using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Agentsgt.Api.IntegrationTests.Support;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// Many parallel calls on one hot key and many other keys: every call succeeds, no lock or
/// serialization failure surfaces, and no last_used_at update is lost.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Calls = 1000;
    private const int Concurrency = 64;
    private const int OtherKeys = 20;

    [Test]
    public async Task AThousandCallsAt64Concurrency_OnAHotKeyAndManyKeys_AllSucceed_AndEveryKeysLastUsedAtIsCurrent()
    {
        await using var factory = await ApiFactory.CreateAsync("concurrency", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "100000",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "100000",
        });
        using var client = factory.CreateClient();
        var hot = await factory.CreateTenantAsync();
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

        // Half the calls on the hot key, the rest spread over the others.
        var plan = Enumerable.Range(0, Calls).Select(i => i % 2 == 0 ? hot : keys[1 + (i / 2 % OtherKeys)]).ToList();
        var lastSuccessfulStart = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var failures = new ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (key, _) =>
        {
            var started = DateTimeOffset.UtcNow;
            using var response = await client.PostTokenAsync(key.TokenPath(), key.Authorization, """{"roomName":"busy-room"}""");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                lastSuccessfulStart.AddOrUpdate(key.ApiKeyId, started, (_, previous) => started > previous ? started : previous);
            }
            else
            {
                failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        });

        clock.Stop();
        TestContext.Out.WriteLine($"{Calls} calls at {Concurrency} concurrency in {clock.ElapsedMilliseconds} ms ({Calls / clock.Elapsed.TotalSeconds:0} calls/s)");
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(5)));
        Assert.That(statuses, Has.Count.EqualTo(Calls).And.All.EqualTo(HttpStatusCode.OK));
        foreach (var key in keys)
        {
            var lastUsed = await factory.LastUsedAtAsync(key.ApiKeyId);
            // PostgreSQL keeps microseconds; the client clock has 100 ns ticks.
            var start = lastSuccessfulStart[key.ApiKeyId];
            Assert.That(lastUsed, Is.GreaterThanOrEqualTo(start.AddTicks(-(start.Ticks % 10))), $"key {key.ApiKeyId}");
        }
    }
}
