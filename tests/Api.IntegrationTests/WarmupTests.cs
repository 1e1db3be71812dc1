using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Agentsgt.Api.Telemetry;
using Agentsgt.Api.Warmup;
using Agentsgt.Domain.ValueObjects;
using Agentsgt.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>A new instance warms its token path before it reports ready, and the warm-up leaves nothing behind.</summary>
public sealed class WarmupTests
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Warmup_RunsBeforeReady_AndLeavesNoUseNoPermitNoMetric()
    {
        var factory = await ApiFactory.CreateAsync("warmup", new Dictionary<string, string?>
        {
            ["Warmup:Enabled"] = "true",
            ["RateLimiting:PerKeyTokenLimit"] = "2",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PerKeyReplenishmentSeconds"] = "600",
            ["RateLimiting:FailedAuthPerAddressTokenLimit"] = "2",
            ["RateLimiting:FailedAuthPerAddressTokensPerPeriod"] = "1",
            ["RateLimiting:FailedAuthPerAddressReplenishmentSeconds"] = "600",
        });
        using var measurements = new MeasurementRecorder();
        await using var api = await TestApi.StartAsync(factory, kestrel: true);

        var warmup = await WaitReadyAsync(api.Client);
        Assert.That(warmup.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
        Assert.That(warmup.GetProperty("description").GetString(), Does.Not.Contain("stopped early"), "every warm-up request ended in the expected 404");
        Assert.That(warmup.GetProperty("data").GetProperty("requests").GetInt32(), Is.GreaterThan(0), warmup.ToString());
        await TestContext.Out.WriteLineAsync(warmup.ToString());

        // Nothing counted: neither our counters nor ASP.NET Core's per-request ones.
        var meters = api.Factory.Services.GetRequiredService<IMeterFactory>();
        Assert.That(measurements.Of(meters).Where(m => m.Tags.Contains("/health/ready", StringComparison.Ordinal)), Is.Not.Empty, "the recorder sees this host's request metrics");
        Assert.That(measurements.Of(meters).Where(m => m.Meter == ApiMetrics.MeterName), Is.Empty, "the service's counters");
        Assert.That(measurements.Of(meters).Where(m => m.Tags.Contains("/api/", StringComparison.Ordinal)), Is.Empty, "request metrics of the warm-up's requests");

        // No key used: the warm-up key is in no table, and the real one was never named.
        Assert.That(await api.Factory.LastUsedAtAsync(api.Tenant.ApiKeyId), Is.Null);
        await using (var db = api.Factory.NewDbContext())
        {
            Assert.That(await db.ApiKeys.CountAsync(k => k.LastUsedAt != null), Is.Zero);
            Assert.That(await db.ApiKeys.CountAsync(), Is.EqualTo(1));
        }

        // No session: every warm-up request ends before the ledger, none pending, none written.
        var sessions = api.Factory.Services.GetRequiredService<SessionWriter>();
        Assert.That(sessions.Pending, Is.Zero);
        await sessions.FlushAsync();
        await using (var db = api.Factory.NewDbContext())
        {
            Assert.That(await db.Sessions.CountAsync(), Is.Zero);
        }

        // The tenant's key has its whole bucket (2), and the address its whole failure budget (2).
        Assert.That((await api.PostAsync(api.Tenant.TokenPath())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await api.PostAsync(api.Tenant.TokenPath())).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await api.PostAsync(api.Tenant.TokenPath())).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));

        // After the warm-up its credential is an unknown key like any other.
        var credential = api.Factory.Services.GetRequiredService<WarmupCredential>();
        var afterWarmup = await api.Client.PostTokenAsync(api.Tenant.TokenPath(), credential.Authorization);
        Assert.That(afterWarmup.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await afterWarmup.Content.ReadAsStringAsync(), Does.Contain("invalid_key"));
        var wrongSecret = $"Bearer {api.Tenant.Credentials.PublicKey}:{ApiKeyCredentials.Generate().Secret}";
        Assert.That((await api.Client.PostTokenAsync(api.Tenant.TokenPath(), wrongSecret)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await api.Client.PostTokenAsync(api.Tenant.TokenPath(), wrongSecret)).StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Warmup_Off_ReportsReadyAtOnce_WithoutRequests()
    {
        await using var api = await TestApi.StartAsync("warmup-off", kestrel: true);

        var warmup = await WaitReadyAsync(api.Client);

        Assert.That(warmup.GetProperty("description").GetString(), Does.Contain("Warmup:Enabled=false"));
        Assert.That(warmup.GetProperty("data").GetProperty("requests").GetInt32(), Is.Zero);
    }

    /// <summary>Polls /health/ready until 200; returns its warmup entry.</summary>
    private static async Task<JsonElement> WaitReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
                return JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty(WarmupHealthCheck.Name).Clone();
            }

            Assert.That((await client.GetAsync(new Uri("/health/live", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK), "live while warming up");
            await Task.Delay(50);
        }
    }

    /// <summary>Every measurement of the service's and ASP.NET Core's meters, from before the host starts; filtered per host afterwards.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(object? Scope, string Meter, string Instrument, string Tags)> _all = new();

        public MeasurementRecorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ApiMetrics.MeterName || instrument.Meter.Name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
            _listener.SetMeasurementEventCallback<int>((instrument, _, tags, _) => Record(instrument, tags));
            _listener.Start();
        }

        public IEnumerable<(string Meter, string Instrument, string Tags)> Of(IMeterFactory meters) =>
            _all.Where(m => ReferenceEquals(m.Scope, meters)).Select(m => (m.Meter, m.Instrument, m.Tags)).ToList();

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = new System.Text.StringBuilder(instrument.Name);
            foreach (var tag in tags)
            {
                text.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
            }

            _all.Enqueue((instrument.Meter.Scope, instrument.Meter.Name, instrument.Name, text.ToString()));
        }
    }
}
