using Microsoft.EntityFrameworkCore.Storage;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>
/// Runs a database operation again, at once, when PostgreSQL closed the connection under it: a
/// server restart (57P01 admin shutdown, 57P02 crash shutdown) or a socket that broke mid-stream.
/// Pooled connections opened before a restart fail this way on first use and Npgsql then drops
/// them, so the caller never sees the restart. Timeouts and refused connections are not retried:
/// during an outage that would only double the wait for the 503. Every operation on the hot path
/// is idempotent. The token path's hand-written read uses the same rule (<see cref="IsConnectionClosedUnderUs"/>,
/// <see cref="MaxRetries"/>).
/// </summary>
/// <param name="dependencies">EF Core's.</param>
/// <param name="dataSource">The pool to clear before the retry (null: the connection string's pool).</param>
/// <param name="maxRetries"><see cref="MaxRetries"/> of that pool, computed once by the caller.</param>
public sealed class ReconnectExecutionStrategy(ExecutionStrategyDependencies dependencies, NpgsqlDataSource? dataSource, int maxRetries)
    : ExecutionStrategy(dependencies, maxRetries, maxRetryDelay: TimeSpan.Zero)
{
    /// <summary>
    /// Up to the pool's size. Clearing the pool is best effort (Npgsql skips a Clear while another
    /// runs and does not re-check idle connections it hands out), so concurrent calls right after a
    /// restart can be given several stale connections in a row (3, seen in CI); each fails at once
    /// and is discarded, so the last retry is always a fresh connection while the server is up.
    /// </summary>
    public static int MaxRetries(NpgsqlDataSource? dataSource) =>
        dataSource is null ? 1 : new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;

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
