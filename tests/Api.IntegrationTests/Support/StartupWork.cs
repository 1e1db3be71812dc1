using Agentsgt.Api.Cors;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>For tests that count statements or connections: waits out what the service loads by itself at start-up.</summary>
public static class StartupWork
{
    /// <summary>
    /// The CORS origin set is loaded at start-up in the background (<see cref="PublishableOriginPreloader"/>);
    /// this returns once that load is done, so its query and connection are not mistaken for a request's.
    /// </summary>
    public static Task StartupLoadsDoneAsync(this ApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.Services.GetRequiredService<PublishableOriginCache>().RefreshAsync(CancellationToken.None);
    }
}
