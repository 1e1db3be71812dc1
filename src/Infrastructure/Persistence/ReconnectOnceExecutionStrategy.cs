using Microsoft.EntityFrameworkCore.Storage;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>
/// Runs a database operation again, once and at once, when PostgreSQL closed the connection under
/// it: a server restart (57P01 admin shutdown, 57P02 crash shutdown) or a socket that broke
/// mid-stream. Pooled connections opened before a restart fail this way on first use and Npgsql
/// then drops them, so the second attempt gets a fresh connection and the caller never sees the
/// restart. Timeouts and refused connections are not retried: during an outage that would only
/// double the wait for the 503. Every operation on the hot path is idempotent.
/// </summary>
/// <param name="dependencies">EF Core's.</param>
/// <param name="dataSource">The pool to clear before the retry (null: the connection string's pool).</param>
public sealed class ReconnectOnceExecutionStrategy(ExecutionStrategyDependencies dependencies, NpgsqlDataSource? dataSource = null)
    : ExecutionStrategy(dependencies, maxRetryCount: 1, maxRetryDelay: TimeSpan.Zero)
{

    public static bool IsConnectionClosedUnderUs(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown } => true,
        NpgsqlException { InnerException: IOException } => true,
        _ => false,
    };

    protected override bool ShouldRetryOn(Exception exception)
    {
        if (!IsConnectionClosedUnderUs(exception))
        {
            return false;
        }

        // Every other idle connection opened before the restart is dead as well: without this the
        // retry could be handed one of them and fail the same way.
        if (dataSource is not null)
        {
            dataSource.Clear();
        }
        else if (Dependencies.CurrentContext.Context.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            NpgsqlConnection.ClearPool(connection);
        }

        return true;
    }

    protected override TimeSpan? GetNextDelay(Exception lastException) =>
        base.GetNextDelay(lastException) is null ? null : TimeSpan.Zero;
}
