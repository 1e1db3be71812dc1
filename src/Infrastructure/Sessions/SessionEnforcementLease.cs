namespace Agentsgt.Infrastructure.Sessions;

/// <summary>
/// Which instance enforces: the one holding a session-level advisory lock on its own unpooled
/// connection. A crashed or cut-off holder frees it with its connection.
/// </summary>
public sealed partial class SessionEnforcementLease(
    IOptions<DatabaseOptions> database,
    SessionEnforcementMetrics metrics,
    ILogger<SessionEnforcementLease> logger) : IAsyncDisposable
{
    public const string ApplicationName = "agentsgt-sessions";

    // A lock class of its own: the reservation's per-organization and per-key locks use others.
    internal const int LockClass = 1936683876;
    internal const int LockId = 1;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;
    private bool _held;
    private bool _failing;

    public bool IsHeld => Volatile.Read(ref _held);

    /// <summary>Takes the lease if it is free, or checks the connection that holds it is alive; true while held.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _connection ??= await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = _held
                ? new NpgsqlCommand("SELECT true", _connection)
                : new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockClass}, {LockId})", _connection);
            var held = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            if (held && !_held)
            {
                LogLeading(logger);
            }

            if (_failing)
            {
                _failing = false;
                LogReconnected(logger);
            }

            Set(held);
            return held;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A broken connection has lost the lock with it: step down, reconnect next time. A
            // database outage is the request path's to report; here it is only a step down.
            if (_held || !_failing)
            {
                var level = DatabaseErrors.IsUnavailable(ex) ? LogLevel.Information : LogLevel.Warning;
                LogLost(logger, level, _held, ex.GetType().Name, DatabaseErrors.Find(ex)?.SqlState ?? "no SQLSTATE");
            }

            _failing = true;
            Set(false);
            await DropAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Gives the lease up at once (shutdown), so another instance takes it on its next renewal.</summary>
    public async Task ReleaseAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            // Closing the unpooled connection ends its session, which releases the lock.
            Set(false);
            await DropAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // The gate is not disposed: the host may stop the service after the container disposed this.
    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(PersistenceSetup.DedicatedConnectionString(database.Value, ApplicationName));
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task DropAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Set(bool held)
    {
        Volatile.Write(ref _held, held);
        metrics.Leading(held);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance now enforces session caps, reconciles with LiveKit and prunes old sessions (it holds the enforcement lease).")]
    private static partial void LogLeading(ILogger logger);

    [LoggerMessage(Message = "The enforcement lease's database connection failed (held: {WasHeld}; {Error}, {SqlState}); retrying every second, another instance may take over.")]
    private static partial void LogLost(ILogger logger, LogLevel level, bool wasHeld, string error, string sqlState);

    [LoggerMessage(Level = LogLevel.Information, Message = "The enforcement lease's database connection works again.")]
    private static partial void LogReconnected(ILogger logger);
}
