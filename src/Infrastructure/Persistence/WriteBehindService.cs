using System.Diagnostics;

namespace Agentsgt.Infrastructure.Persistence;

// A flush every bound, or at once when a request finds the pending set full (it waits, at most one
// bound); a failed flush keeps its values; a graceful stop flushes until none are pending.
public abstract partial class WriteBehindService : BackgroundService
{
    public const string MeterName = "Agentsgt.Persistence";

    private static readonly TimeSpan RetryPauseAtShutdown = TimeSpan.FromMilliseconds(200);

    private readonly SemaphoreSlim _flushNow = new(0, 1);
    private readonly ILogger _logger;
    private readonly string _values;
    private readonly int _capacity;
    private readonly Counter<long> _flushFailures;
    private int _pending;
    private bool _failing;
    private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected WriteBehindService(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, IMeterFactory meters, ILogger logger, string values, string flushFailuresName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        Scopes = scopes;
        Meter = meters.Create(MeterName);
        Bound = options.Value.LastUsedAtFlushInterval;
        _capacity = options.Value.LastUsedAtMaxPendingKeys;
        _logger = logger;
        _values = values;
        _flushFailures = Meter.CreateCounter<long>(flushFailuresName, "{flush}", $"Flushes of {values} that failed; they stay pending and are written by a later flush.");
    }

    public int Pending => Volatile.Read(ref _pending);

    protected TimeSpan Bound { get; }

    protected IServiceScopeFactory Scopes { get; }

    protected Meter Meter { get; }

    public async Task<bool> FlushAsync(CancellationToken cancellationToken = default)
    {
        var ok = await WritePendingAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _flushed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        return ok;
    }

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
            LogLostAtShutdown(Pending, _values);
        }
    }

    public override void Dispose()
    {
        _flushNow.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes what is pending now; false when the database refused (it stays pending).</summary>
    protected abstract Task<bool> WritePendingAsync(CancellationToken cancellationToken);

    protected int AddPending(int count) => Interlocked.Add(ref _pending, count);

    protected ValueTask WhenRoomAsync()
    {
        if (Pending < _capacity)
        {
            return ValueTask.CompletedTask;
        }

        var flushed = Volatile.Read(ref _flushed).Task;
        try
        {
            _flushNow.Release();
        }
        catch (SemaphoreFullException)
        {
            // A flush was already asked for; wait for it.
        }

        return new ValueTask(Task.WhenAny(flushed, Task.Delay(Bound)));
    }

    protected void Written(int count)
    {
        if (_failing)
        {
            _failing = false;
            LogRecovered(count, _values);
        }
    }

    protected void WriteFailed(int count, Exception exception)
    {
        _flushFailures.Add(1);
        if (!_failing)
        {
            _failing = true;
            // Type and SQLSTATE only, as every database-outage line: an exception's text is not ours to log.
            LogFlushFailed(count, _values, exception.GetType().Name, DatabaseErrors.Find(exception)?.SqlState ?? "no SQLSTATE");
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} {Values} failed ({Error}, {SqlState}); they stay pending and are retried every flush.")]
    private partial void LogFlushFailed(int count, string values, string error, string sqlState);

    [LoggerMessage(Level = LogLevel.Information, Message = "Writing {Values} works again ({Count} written).")]
    private partial void LogRecovered(int count, string values);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shutting down with {Count} {Values} unwritten: the database did not take them before the shutdown timeout.")]
    private partial void LogLostAtShutdown(int count, string values);
}
