using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentsgt.Infrastructure.Health;

/// <summary>
/// A dependency the instance still answers without (in part): Degraded, not Unhealthy, while it is
/// missing, since pulling every instance out of the load balancer would not bring it back.
/// </summary>
public abstract class OptionalDependencyHealthCheck(string dataKey, Func<bool> available, string whenAvailable, Func<string> whenMissing) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var isAvailable = available();
        var data = new Dictionary<string, object> { [dataKey] = isAvailable };
        return Task.FromResult(isAvailable
            ? HealthCheckResult.Healthy(whenAvailable, data)
            : HealthCheckResult.Degraded(whenMissing(), data: data));
    }
}
