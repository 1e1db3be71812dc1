using Agentsgt.Api.Cors;
using Agentsgt.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Agentsgt.Api.IntegrationTests.Support;

/// <summary>For tests that count statements or connections: waits out what the service loads by itself at start-up.</summary>
public static class StartupWork
{
    private static readonly TimeSpan ListenerTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The service's own start-up statements run in the background: the publishable-key change
    /// listener's <c>LISTEN</c> (<see cref="PublishableKeyChangeListener"/>, which then reports a change)
    /// and the load of the CORS origin set (<see cref="PublishableOriginPreloader"/>). This returns once
    /// the listener is listening and the origin set is loaded after that, so none of their statements or
    /// connections is mistaken for a request's.
    /// </summary>
    public static async Task StartupLoadsDoneAsync(this ApiFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var changes = factory.Services.GetRequiredService<PublishableKeyChanges>();
        var deadline = DateTime.UtcNow + ListenerTimeout;
        while (changes.Version == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The publishable-key change listener was not listening within {ListenerTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(10);
        }

        await factory.Services.GetRequiredService<PublishableOriginCache>().RefreshAsync(CancellationToken.None);
    }
}
