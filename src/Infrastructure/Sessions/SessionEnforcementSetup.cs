namespace Agentsgt.Infrastructure.Sessions;

/// <summary>Registers the timed side of sessions: the lease, enforcement, reconciliation, retention and their loop.</summary>
public static class SessionEnforcementSetup
{
    public static IServiceCollection AddSessionEnforcement(this IServiceCollection services)
    {
        services.AddSingleton<SessionEnforcementMetrics>();
        services.AddSingleton<SessionEnforcementLease>();
        services.AddSingleton<LiveKitReachability>();
        services.AddSingleton<SessionEnforcer>();
        services.AddSingleton<SessionReconciler>();
        services.AddSingleton<SessionRetention>();
        services.AddHostedService<SessionMaintenance>();
        return services;
    }
}
