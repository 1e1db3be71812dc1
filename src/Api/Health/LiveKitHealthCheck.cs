using Agentsgt.Infrastructure.LiveKit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentsgt.Api.Health;

/// <summary>
/// Reports whether voice is configured. Degraded, not Unhealthy, when it is not: the contract
/// answers config_error then, and pulling every instance out of the load balancer would not help.
/// </summary>
public sealed class LiveKitHealthCheck : IHealthCheck
{
    private readonly LiveKitTokenSigner _signer;

    public LiveKitHealthCheck(LiveKitTokenSigner signer)
    {
        _signer = signer;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["configured"] = _signer.IsConfigured };
        return Task.FromResult(_signer.IsConfigured
            ? HealthCheckResult.Healthy("LiveKit configured.", data)
            : HealthCheckResult.Degraded($"Voice chat not available: {_signer.Problem}", data: data));
    }
}
