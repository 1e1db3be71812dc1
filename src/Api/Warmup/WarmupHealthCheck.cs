namespace Agentsgt.Api.Warmup;

/// <summary>Not ready until the token path is warm (or the warm-up is off or gave up).</summary>
public sealed class WarmupHealthCheck(WarmupStatus status) : IHealthCheck
{
    public const string Name = "warmup";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (status.Result is not { } result)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Warming up the token path."));
        }

        var data = new Dictionary<string, object>
        {
            ["requests"] = status.Requests,
            ["durationMs"] = (int)status.Duration.TotalMilliseconds,
        };
        return Task.FromResult(HealthCheckResult.Healthy(result, data));
    }
}
