namespace Agentsgt.Infrastructure.SharedLimits;

/// <summary>Connects and warms the connection at start-up, then probes Redis every second: the way back to shared limits, and the health check's source.</summary>
public sealed class SharedLimitProbe(SharedLimitStore store) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens, so the first requests already share their limits.
        await store.ConnectAsync().ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await store.ProbeAsync().ConfigureAwait(false);
        }
    }
}
