using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Infrastructure.SharedLimits;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>
/// <c>Redis:Configuration</c> pointing at a Redis that does not answer: the service still starts
/// and answers every request as the contract says, with its own limits, says so once in the log
/// and as Degraded on /health/ready. (Redis answering, stopping and coming back: tests/Cluster.)
/// </summary>
public sealed class SharedLimitsFallbackTests
{
    // Nothing listens on port 1: connections are refused at once.
    private static Dictionary<string, string?> UnreachableRedis(int perKeyLimit) => new()
    {
        ["Redis:Configuration"] = "127.0.0.1:1,password=not-logged-anywhere",
        ["RateLimiting:PerKeyTokenLimit"] = perKeyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
        ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
    };

    [Test]
    public async Task RedisUnreachable_RequestsAreAnsweredWithThisInstancesLimits_AndReadyIsDegraded()
    {
        var logs = new LogCapture();
        await using var api = await TestApi.StartAsync("redis_down", UnreachableRedis(perKeyLimit: 3), logs: logs);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await api.PostAsync(api.Tenant.TokenPath())).StatusCode);
        }

        var ready = await api.Client.GetAsync("/health/ready");
        using var health = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }), "the in-process bucket of 3 answers");
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Degraded still takes traffic");
        Assert.That(health.RootElement.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString(), Is.EqualTo("Degraded"));
        var warnings = logs.Entries.Where(e => e.StartsWith(typeof(SharedLimitStore).FullName + "|Warning", StringComparison.Ordinal)).ToList();
        Assert.That(warnings, Has.Count.EqualTo(1), "one warning for the transition, not one per request");
        Assert.That(logs.Entries.Where(e => e.Contains("not-logged-anywhere", StringComparison.Ordinal)), Is.Empty, "the Redis password is in no log line");
    }

    [Test]
    public async Task RedisUnreachable_TheFailedAuthenticationBudgetStillHolds()
    {
        await using var api = await TestApi.StartAsync("redis_down_auth", new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:1",
            ["RateLimiting:FailedAuthPerAddressTokenLimit"] = "2",
            ["RateLimiting:FailedAuthPerAddressTokensPerPeriod"] = "1",
            ["RateLimiting:FailedAuthPerAddressReplenishmentSeconds"] = "60",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await api.Client.PostTokenAsync(api.Tenant.TokenPath(), "Bearer pk_unknown1:sk_guess")).StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    public async Task RedisUnreachable_EachInstanceKeepsItsShareOfEveryLimit()
    {
        // Three instances configured: each keeps a third of the per-key limit and of the failed-login budget.
        await using var api = await TestApi.StartAsync("redis_down_share", new Dictionary<string, string?>(UnreachableRedis(perKeyLimit: 9))
        {
            ["Redis:Instances"] = "3",
            ["RateLimiting:FailedAuthPerAddressTokenLimit"] = "6",
            ["RateLimiting:FailedAuthPerAddressTokensPerPeriod"] = "1",
            ["RateLimiting:FailedAuthPerAddressReplenishmentSeconds"] = "60",
        });

        var valid = new List<HttpStatusCode>();
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            valid.Add((await api.PostAsync(api.Tenant.TokenPath())).StatusCode);
            guesses.Add((await api.Client.PostTokenAsync(api.Tenant.TokenPath(), $"Bearer pk_unknown{i}:sk_guess")).StatusCode);
        }

        Assert.That(valid, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }), "9 / 3 per key");
        Assert.That(guesses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests }), "6 / 3 failures");
    }

    [Test]
    public async Task TheLocalBudget_CountsReservationsInFlight_AndSpendsOnlyFailures()
    {
        using var budget = new LocalFailedAuthenticationBudget(new FailedAuthenticationLimit(1, 1.0 / 3600));

        var first = await budget.TryReserveAsync("192.0.2.1");
        Assert.That(first.Status, Is.EqualTo(FailureReservationStatus.Reserved));
        Assert.That((await budget.TryReserveAsync("192.0.2.1")).Status, Is.EqualTo(FailureReservationStatus.Wait), "the one failure is in flight, not spent");
        await budget.ResolveAsync(first, failed: false);
        var second = await budget.TryReserveAsync("192.0.2.1");
        Assert.That(second.Status, Is.EqualTo(FailureReservationStatus.Reserved), "given back");
        await budget.ResolveAsync(second, failed: true);
        Assert.That((await budget.TryReserveAsync("192.0.2.1")).Status, Is.EqualTo(FailureReservationStatus.Spent));

        await budget.ChargeAsync("192.0.2.2");
        await budget.ChargeAsync("192.0.2.2");
        Assert.That((await budget.TryReserveAsync("192.0.2.2")).Status, Is.EqualTo(FailureReservationStatus.Spent), "charged without a lookup");
        Assert.That((await budget.TryReserveAsync("192.0.2.3")).Status, Is.EqualTo(FailureReservationStatus.Reserved), "other addresses have their own budget");
    }
}
