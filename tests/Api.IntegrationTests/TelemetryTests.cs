using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Agentsgt.Api.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Agentsgt.Api.IntegrationTests;

/// <summary>The service's counters move where the events happen, and OTLP export works when configured.</summary>
public sealed class TelemetryTests
{
    [Test]
    public async Task Counters_CountIssuedTokens_AuthenticationFailuresByReason_AndRateLimitedCalls()
    {
        await using var api = await TestApi.StartAsync("metrics", new Dictionary<string, string?>
        {
            ["RateLimiting:PerKeyTokenLimit"] = "2",
            ["RateLimiting:PerKeyTokensPerPeriod"] = "1",
            ["RateLimiting:PerKeyReplenishmentSeconds"] = "60",
        });
        using var recorder = new CounterRecorder(api.Factory.Services);

        await api.PostAsync(api.Tenant.TokenPath());
        await api.Client.PostTokenAsync(api.Tenant.TokenPath(), null);
        await api.Client.PostTokenAsync(api.Tenant.TokenPath(), "Basic abc");
        await api.Client.PostTokenAsync(api.Tenant.TokenPath(), $"Bearer {api.Tenant.Credentials.PublicKey}:sk_wrongwrongwrong");
        await api.Client.PostTokenAsync(api.Tenant.TokenPath(Guid.NewGuid()), api.Tenant.Authorization);
        var limited = await api.PostAsync(api.Tenant.TokenPath());

        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(recorder.Total(ApiMetrics.TokensIssuedName), Is.EqualTo(1), "the 404 issued no token");
        Assert.That(recorder.Total(ApiMetrics.AuthenticationFailuresName, "unauthorized"), Is.EqualTo(2));
        Assert.That(recorder.Total(ApiMetrics.AuthenticationFailuresName, "invalid_key"), Is.EqualTo(1));
        Assert.That(recorder.Total(ApiMetrics.RateLimitedName), Is.EqualTo(1));
        Assert.That(recorder.Total(ApiMetrics.DatabaseErrorsName), Is.Zero);
    }

    [Test]
    public async Task DatabaseErrorCounter_CountsServiceUnavailableAnswers()
    {
        await using var factory = ApiFactory.WithUnreachableDatabase();
        using var client = factory.CreateClient();
        using var recorder = new CounterRecorder(factory.Services);

        var response = await client.PostTokenAsync($"/api/v1/agents/{Guid.NewGuid()}/livekit/token", "Bearer pk_abc123:sk_def456");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(recorder.Total(ApiMetrics.DatabaseErrorsName), Is.EqualTo(1));
        Assert.That(recorder.Total(ApiMetrics.AuthenticationFailuresName), Is.Zero, "an outage is not an authentication failure");
    }

    [Test]
    public async Task NothingIsCollected_WhenNoOtlpEndpointIsSet()
    {
        await using var factory = await ApiFactory.CreateAsync("nootel");

        Assert.That(factory.Services.GetService<MeterProvider>(), Is.Null);
        Assert.That(factory.Services.GetService<TracerProvider>(), Is.Null);
    }

    [Test]
    public async Task MetricsAndTraces_AreExportedOverOtlp_WhenTheEndpointIsSet()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var api = await TestApi.StartAsync("otlp", new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        var (client, tenant) = (api.Client, api.Tenant);

        Assert.That((await client.PostTokenAsync(tenant.TokenPath(), tenant.Authorization)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await client.PostTokenAsync(tenant.TokenPath(), null);

        // OTLP protobuf carries names as plain UTF-8, so a byte search finds them.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string[] metricNames = [ApiMetrics.TokensIssuedName, ApiMetrics.AuthenticationFailuresName, "http.server.request.duration", "agentsgt-voice-token"];
        string[] traceNames = ["api/v1/agents/{agentId}/livekit/token", "Npgsql"];
        while (DateTime.UtcNow < deadline && !(collector.Received("metrics", metricNames) && collector.Received("traces", traceNames)))
        {
            await Task.Delay(100);
        }

        Assert.That(metricNames.Where(n => !collector.Received("metrics", n)), Is.Empty, "metric names missing from OTLP exports");
        Assert.That(traceNames.Where(n => !collector.Received("traces", n)), Is.Empty, "trace contents missing from OTLP exports");
        Assert.That(collector.Received("traces", "/health"), Is.False, "probes are not traced");
    }

    /// <summary>Sums the Agentsgt.Api counters of one host (its own IMeterFactory), so parallel tests do not mix.</summary>
    private sealed class CounterRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, long Value, string? Reason)> _measurements = new();

        public CounterRecorder(IServiceProvider services)
        {
            var meterFactory = services.GetRequiredService<IMeterFactory>();
            _ = services.GetRequiredService<ApiMetrics>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ApiMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                string? reason = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == ApiMetrics.ReasonTag)
                    {
                        reason = tag.Value as string;
                    }
                }

                _measurements.Enqueue((instrument.Name, value, reason));
            });
            _listener.Start();
        }

        public long Total(string name, string? reason = null) =>
            _measurements.Where(m => m.Name == name && (reason is null || m.Reason == reason)).Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>A minimal OTLP/HTTP receiver on a loopback port: keeps every request body per signal.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _bodies = new(StringComparer.Ordinal);

        private OtlpCollector(WebApplication app, string endpoint)
        {
            _app = app;
            Endpoint = endpoint;
        }

        public string Endpoint { get; }

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            OtlpCollector? collector = null;
            app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                collector!._bodies.GetOrAdd(signal, _ => new ConcurrentQueue<byte[]>()).Enqueue(buffer.ToArray());
                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
            collector = new OtlpCollector(app, address);
            return collector;
        }

        public bool Received(string signal, params string[] texts) =>
            texts.All(text => _bodies.TryGetValue(signal, out var bodies)
                              && bodies.Any(body => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0));

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
