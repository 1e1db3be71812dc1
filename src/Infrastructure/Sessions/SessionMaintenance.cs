using System.Diagnostics;

namespace Agentsgt.Infrastructure.Sessions;

// Every instance renews the lease; only its holder runs enforcement, reconciliation and retention,
// each on its own loop so a slow listing or a long delete never delays a removal.
public sealed partial class SessionMaintenance(
    SessionEnforcementLease lease,
    SessionEnforcer enforcer,
    SessionReconciler reconciler,
    SessionRetention retention,
    IOptions<SessionsOptions> options,
    ILogger<SessionMaintenance> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan RetentionInterval = TimeSpan.FromMinutes(10);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await lease.ReleaseAsync().ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reconcile = TimeSpan.FromSeconds(options.Value.ReconcileSeconds);
        return Task.WhenAll(
            EveryAsync("enforcement", Tick, Tick, async token =>
            {
                if (await lease.RenewAsync(token).ConfigureAwait(false))
                {
                    await enforcer.RunAsync(token).ConfigureAwait(false);
                }
            }, stoppingToken),
            EveryAsync("reconciliation", reconcile, reconcile, token => lease.IsHeld ? reconciler.RunAsync(token) : Task.CompletedTask, stoppingToken),
            EveryAsync("retention", reconcile, RetentionInterval, token => lease.IsHeld ? retention.RunAsync(token) : Task.CompletedTask, stoppingToken));
    }

    // Fixed rate; a failing round is logged once until one succeeds, and never stops the host.
    private async Task EveryAsync(string work, TimeSpan first, TimeSpan period, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var wait = first;
        var failing = false;
        while (true)
        {
            try
            {
                await Task.Delay(wait, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var started = Stopwatch.GetTimestamp();
            try
            {
                await round(stoppingToken).ConfigureAwait(false);
                if (failing)
                {
                    failing = false;
                    LogRecovered(logger, work);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (!failing)
                {
                    failing = true;
                    // Type and SQLSTATE only, as every database-outage line; the outage itself is the request path's to report.
                    var level = DatabaseErrors.IsUnavailable(ex) ? LogLevel.Information : LogLevel.Warning;
                    LogFailed(logger, level, work, ex.GetType().Name, DatabaseErrors.Find(ex)?.SqlState ?? "no SQLSTATE");
                }
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            wait = elapsed < period ? period - elapsed : TimeSpan.Zero;
        }
    }

    [LoggerMessage(Message = "Session {Work} failed ({Error}, {SqlState}); retrying on its schedule.")]
    private static partial void LogFailed(ILogger logger, LogLevel level, string work, string error, string sqlState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {Work} works again.")]
    private static partial void LogRecovered(ILogger logger, string work);
}
