namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>The failed-authentication budget of one address: at most <paramref name="Limit"/> failures, forgotten at <paramref name="PerSecond"/>.</summary>
public sealed record FailedAuthenticationLimit(int Limit, double PerSecond);
