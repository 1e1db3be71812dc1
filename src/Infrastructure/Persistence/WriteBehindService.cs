using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>
/// The loop behind every written-behind value: a flush every bound (or sooner when woken), and at
/// a graceful stop, flushes until nothing is pending or the host's shutdown timeout ends.
/// </summary>
public abstract class WriteBehindService(TimeSpan bound) : BackgroundService
{
    private static readonly TimeSpan RetryPauseAtShutdown = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _flushNow = new(0, 1);

    protected TimeSpan Bound { get; } = bound;

    protected abstract int Pending { get; }

    /// <summary>Writes what is pending now; false when the database refused (it stays pending).</summary>
    public abstract Task<bool> FlushAsync(CancellationToken cancellationToken = default);

    protected abstract void OnLostAtShutdown(int pending);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The web server has stopped before this runs (hosted services stop in reverse order, the
        // server starts last), so no request adds a value after this last write.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        while (Pending > 0 && !cancellationToken.IsCancellationRequested)
        {
            if (await FlushAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            await Task.Delay(RetryPauseAtShutdown, CancellationToken.None).ConfigureAwait(false);
        }

        if (Pending > 0)
        {
            OnLostAtShutdown(Pending);
        }
    }

    public override void Dispose()
    {
        _flushNow.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the next flush now; false when one was already asked for.</summary>
    protected bool TryWake()
    {
        try
        {
            _flushNow.Release();
            return true;
        }
        catch (SemaphoreFullException)
        {
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            // Fixed rate: a value waits at most one bound (plus the statement) for its flush.
            var wait = Bound - Stopwatch.GetElapsedTime(started);
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await _flushNow.WaitAsync(wait, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            started = Stopwatch.GetTimestamp();

            // Not the stopping token: a flush under way at shutdown finishes (bounded by the command
            // timeout), and StopAsync writes the rest.
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
