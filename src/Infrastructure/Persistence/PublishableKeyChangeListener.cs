namespace Agentsgt.Infrastructure.Persistence;

// After a reconnect it reports a change: what happened meanwhile was not queued for us.
public sealed partial class PublishableKeyChangeListener(
    IOptions<DatabaseOptions> database,
    PublishableKeyChanges changes,
    ILogger<PublishableKeyChangeListener> logger) : BackgroundService
{
    public const string Channel = "agentsgt_publishable_keys";
    public const string ApplicationName = "agentsgt-listener";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = PersistenceSetup.DedicatedConnectionString(database.Value, ApplicationName);
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => changes.Changed();
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }

                // Anything may have changed while we were not listening.
                changes.Changed();
                if (lost)
                {
                    LogListening(logger);
                    lost = false;
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever broke the connection (a restart, a network cut, a timeout inside the
                // client), the answer is the same: reconnect. A background service must not stop the host.
                if (!lost)
                {
                    LogLost(logger, ex.GetType().Name);
                    lost = true;
                }

                await Task.Delay(RetryAfter, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the database connection that listens for publishable-key changes ({ExceptionType}); retrying every second, CORS origins fall back to the periodic refresh.")]
    private static partial void LogLost(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for publishable-key changes again.")]
    private static partial void LogListening(ILogger logger);
}
