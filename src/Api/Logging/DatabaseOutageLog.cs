using System.Data.Common;
using Agentsgt.Infrastructure.Health;
using Npgsql;

namespace Agentsgt.Api.Logging;

public sealed partial class DatabaseOutageLog(ILogger<DatabaseOutageLog> logger, NpgsqlDataSource dataSource, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Outage _outage = new(clock);

    public void RequestFailed(Exception? exception, PathString path)
    {
        var (type, reason) = Describe(exception);
        if (_outage.Failed())
        {
            LogOutageStarted(logger, type, reason, path);
            _ = WatchUntilBackAsync();
        }
        else
        {
            LogRequestFailed(logger, path, type);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private static (string Type, string Reason) Describe(Exception? exception)
    {
        if (exception is null)
        {
            return ("RequestTimeout", "the request timed out");
        }

        Exception shown = DatabaseErrors.Find(exception) ?? exception;

        return (shown.GetType().Name, shown.InnerException is { } inner ? $"{shown.Message} ({inner.GetType().Name})" : shown.Message);
    }

    private async Task WatchUntilBackAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            while (!await AnswersAsync(stopping).ConfigureAwait(false))
            {
                await Task.Delay(ProbeInterval, clock, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (_outage.Ended() is { } ended)
        {
            LogOutageEnded(logger, ended.DownSeconds, ended.Failures);
        }
    }

    private async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 5031, EventName = "DatabaseOutageStarted", Level = LogLevel.Error,
        Message = "Database unavailable: {ExceptionType}: {Reason} (first failed request: {Path}). Requests answer 503 service_unavailable until it answers again.")]
    private static partial void LogOutageStarted(ILogger logger, string exceptionType, string reason, PathString path);

    [LoggerMessage(EventId = 5032, EventName = "DatabaseUnavailableRequest", Level = LogLevel.Warning,
        Message = "Answered 503 service_unavailable on {Path}: database unavailable ({ExceptionType}).")]
    private static partial void LogRequestFailed(ILogger logger, PathString path, string exceptionType);

    [LoggerMessage(EventId = 5033, EventName = "DatabaseOutageEnded", Level = LogLevel.Warning,
        Message = "Database answers again after {DownSeconds} s; {FailedRequests} request(s) were answered 503 service_unavailable meanwhile.")]
    private static partial void LogOutageEnded(ILogger logger, double downSeconds, long failedRequests);
}
