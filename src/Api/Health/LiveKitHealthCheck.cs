using Agentsgt.Infrastructure.LiveKit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentsgt.Api.Health;

/// <summary>
/// Reports whether voice is configured. Degraded, not Unhealthy, when it is not: the contract
/// answers config_error then, and pulling every instance out of the load balancer would not help.
/// </summary>
public sealed class LiveKitHealthCheck(LiveKitTokenSigner signer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["configured"] = signer.IsConfigured };
        return Task.FromResult(signer.IsConfigured
            ? HealthCheckResult.Healthy("LiveKit configured.", data)
            : HealthCheckResult.Degraded($"Voice chat not available: {signer.Problem}", data: data));
    }
}
