using Agentsgt.Infrastructure.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>
/// Leaves the timed session work (enforcement, reconciliation, retention) out of a test host, for
/// a fixture it would disturb: one that counts the pool's connections, or dates sessions in the past.
/// </summary>
public static class TimedEnforcement
{
    public static void Remove(IServiceCollection services) =>
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SessionMaintenance)));
}
