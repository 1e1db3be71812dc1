namespace Agentsgt.Infrastructure.Sessions;

/// <summary>
/// Removes old sessions and applied webhook ids in small batches, each its own statement with a
/// pause between: no long lock, and the token path never waits behind it.
/// </summary>
public sealed class SessionRetention(
    IServiceScopeFactory scopes,
    IOptions<SessionsOptions> options,
    TimeProvider clock,
    SessionEnforcementMetrics metrics)
{
    public static readonly TimeSpan NeverJoinedRetention = TimeSpan.FromDays(7);

    /// <summary>LiveKit redelivers within minutes; an id older than this will not come again.</summary>
    public static readonly TimeSpan WebhookEventRetention = TimeSpan.FromDays(1);

    internal const int BatchSize = 1000;

    private static readonly TimeSpan PauseBetweenBatches = TimeSpan.FromMilliseconds(100);

    public async Task<(int Sessions, int WebhookEvents)> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionRepository>();
        var before = now - TimeSpan.FromDays(options.Value.RetentionDays);
        var removedSessions = await InBatchesAsync(
            "sessions",
            token => sessions.DeleteOldAsync(before, now - NeverJoinedRetention, BatchSize, token),
            cancellationToken).ConfigureAwait(false);
        var removedEvents = await InBatchesAsync(
            "processed_webhook_events",
            token => sessions.PruneEventsAsync(now - WebhookEventRetention, BatchSize, token),
            cancellationToken).ConfigureAwait(false);
        return (removedSessions, removedEvents);
    }

    private async Task<int> InBatchesAsync(string table, Func<CancellationToken, Task<int>> batch, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var removed = await batch(cancellationToken).ConfigureAwait(false);
            metrics.Deleted(table, removed);
            total += removed;
            if (removed < BatchSize)
            {
                return total;
            }

            await Task.Delay(PauseBetweenBatches, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
