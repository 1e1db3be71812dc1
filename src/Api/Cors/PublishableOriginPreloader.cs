namespace Agentsgt.Api.Cors;

/// <summary>
/// Loads the publishable-key origins at start-up and again as soon as a change is announced, rather
/// than on the next preflight: that preflight would otherwise wait for the query (and, in a fresh
/// process, its first compilation), which under load took over a second.
/// </summary>
public sealed class PublishableOriginPreloader(PublishableOriginCache cache, PublishableKeyChanges changes) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // Read before loading: a change during the load wakes the next round at once.
            var next = changes.NextChange;
            await cache.RefreshAsync(stoppingToken).ConfigureAwait(false);
            await next.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
