using Agentsgt.Api.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentsgt.Api.RateLimiting;

/// <summary>Redis for shared limits, when <c>Redis:Configuration</c> is set: the store, its probe and its health check.</summary>
public static class SharedLimitSetup
{
    public static IServiceCollection AddSharedLimitStore(this IServiceCollection services, IConfiguration configuration)
    {
        // Whether the store exists at all is the setting's presence: its value is only read once
        // validated (StartupValidation.AddSettingsChecks).
        if (configuration.GetSection(RedisSettings.SectionName)[nameof(RedisSettings.Configuration)] is null)
        {
            return services;
        }

        services.AddSingleton<SharedLimitStore>();
        services.AddHostedService<SharedLimitProbe>();
        services.AddHealthChecks().AddCheck<SharedLimitHealthCheck>("redis", HealthStatus.Degraded, tags: [HealthChecksSetup.ReadyTag]);
        return services;
    }
}

/// <summary>Connects at start-up, then probes Redis every second with one limiter call: the way back to shared limits, and the health check's source.</summary>
public sealed class SharedLimitProbe(SharedLimitStore store) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens, so the first requests already share their limits.
        await store.ConnectAsync().ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await store.ProbeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>Degraded, not Unhealthy, while Redis is away: the instance still answers every request, with its own limits.</summary>
public sealed class SharedLimitHealthCheck(SharedLimitStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["shared"] = store.IsShared };
        return Task.FromResult(store.IsShared
            ? HealthCheckResult.Healthy("Rate limits shared on Redis.", data)
            : HealthCheckResult.Degraded("Redis unreachable: rate limits are per instance.", data: data));
    }
}
