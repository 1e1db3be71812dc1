namespace Agentsgt.Api.Health;

// Degraded, not Unhealthy: requests answer config_error, and pulling every instance out of the load balancer would not help.
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
