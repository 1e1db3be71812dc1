namespace Agentsgt.Api.Cors;

// Loaded ahead, so no preflight waits for the query (and, in a fresh process, its first compilation).
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
