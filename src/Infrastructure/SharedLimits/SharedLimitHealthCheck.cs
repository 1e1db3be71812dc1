using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>Degraded, not Unhealthy, while Redis is away: the instance still answers every request, with its share of the limits.</summary>
public sealed class SharedLimitHealthCheck(SharedLimitStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["shared"] = store.IsShared };
        return Task.FromResult(store.IsShared
            ? HealthCheckResult.Healthy("Rate limits shared on Redis.", data)
            : HealthCheckResult.Degraded("Redis unreachable: each instance keeps its share of the rate limits.", data: data));
    }
}
