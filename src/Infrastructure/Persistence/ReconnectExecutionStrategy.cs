using Microsoft.EntityFrameworkCore.Storage;

namespace Agentsgt.Infrastructure.Persistence;

// Retried at once only when PostgreSQL closed the connection under it (a restart): stale pooled connections fail on
// first use. Timeouts and refusals are not retried: during an outage that would only double the wait for the 503.
public sealed class ReconnectExecutionStrategy(ExecutionStrategyDependencies dependencies, NpgsqlDataSource? dataSource, int maxRetries)
    : ExecutionStrategy(dependencies, maxRetries, maxRetryDelay: TimeSpan.Zero)
{
    // Up to the pool's size: clearing the pool is best effort, so concurrent calls right after a restart can be
    // handed several stale connections in a row.
    public static int MaxRetries(NpgsqlDataSource? dataSource) =>
        dataSource is null ? 1 : new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize;

    public static bool IsConnectionClosedUnderUs(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown } => true,
        NpgsqlException { InnerException: IOException } => true,
        _ => false,
    };

    /// <summary>A hand-written statement's call, sent again on a fresh connection by the same rule and bound as EF's calls.</summary>
    public static async Task<TResult> RunAsync<TState, TResult>(NpgsqlDataSource dataSource, TState state, Func<TState, Task<TResult>> call)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(call);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(state).ConfigureAwait(false);
            }
            catch (NpgsqlException ex) when (IsConnectionClosedUnderUs(ex) && attempt <= MaxRetries(dataSource))
            {
                dataSource.Clear();
            }
        }
    }

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
