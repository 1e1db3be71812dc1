namespace Agentsgt.Infrastructure.Sessions;

/// <summary>
/// The active-sessions metric: open sessions in the ledger (every instance's, so any one instance's
/// gauge is the deployment's), counted every <see cref="SessionsOptions.ReconcileSeconds"/> off the
/// request path. A failed count keeps the last value.
/// </summary>
public sealed class ActiveSessionsGauge : BackgroundService
{
    public const string ActiveSessionsName = "agentsgt.sessions.active";

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeSpan _every;
    private long _open = -1;

    public ActiveSessionsGauge(IServiceScopeFactory scopes, IOptions<SessionsOptions> options, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _scopes = scopes;
        _every = TimeSpan.FromSeconds(options.Value.ReconcileSeconds);
        meters.Create(WriteBehindService.MeterName).CreateObservableGauge(
            ActiveSessionsName,
            () => Volatile.Read(ref _open) is var open and >= 0 ? [new Measurement<long>(open)] : Array.Empty<Measurement<long>>(),
            "{session}",
            "Sessions issued and not ended, across all instances.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_every);
        do
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var count = await scope.ServiceProvider.GetRequiredService<ISessionRepository>().CountOpenAsync(stoppingToken).ConfigureAwait(false);
                Volatile.Write(ref _open, count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                // The database is away: the outage is logged where requests meet it.
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
