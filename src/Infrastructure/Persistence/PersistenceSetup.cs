using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>The one place the DbContext's provider options and the service's connection pool are chosen.</summary>
public static class PersistenceSetup
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>
    /// The connection string the service runs with: the operator's, with every <c>Database:*</c>
    /// bound replacing its keyword (pool size, pool wait, connect, command, cancellation, idle pruning).
    /// </summary>
    public static string ServiceConnectionString(DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var builder = Bounded(database.ConnectionString!, database.ConnectTimeoutSeconds);
        builder.CommandTimeout = database.CommandTimeoutSeconds;
        builder.CancellationTimeout = database.CancellationTimeoutSeconds * 1000;
        builder.MaxPoolSize = database.MaxPoolSize;
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, database.MaxPoolSize);
        builder.ConnectionIdleLifetime = database.ConnectionIdleLifetimeSeconds;
        builder.ConnectionPruningInterval = database.ConnectionPruningIntervalSeconds;
        return builder.ConnectionString;
    }

    /// <summary>The service's one pool: EF Core and any direct Npgsql command share it and its bounds.</summary>
    public static NpgsqlDataSource CreateDataSource(DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        // When a command times out, Npgsql sends PostgreSQL its cancellation request synchronously:
        // on a hung server that blocks a thread-pool thread for up to 2 × the connect timeout. At
        // most one per pooled connection can be blocked at once, so that many threads more are kept
        // ready; otherwise the pool adds about one a second and each further 503 comes a second
        // later (measured, 12 requests on a frozen server: up to 13.0 s instead of 9.0 s each).
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = (Environment.ProcessorCount * 2) + database.MaxPoolSize;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, completionPorts);
        }

        return new NpgsqlDataSourceBuilder(ServiceConnectionString(database)).Build();
    }

    /// <summary>The service's DbContext, on the service's data source.</summary>
    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource, int commandTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(options);
        UseNpgsql(options, dataSource, null, commandTimeoutSeconds);
    }

    /// <summary>A DbContext on its own connection string (design time, tools and tests), with the connect and command bounds only.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 5, int connectTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(options);
        UseNpgsql(options, null, Bounded(connectionString, connectTimeoutSeconds).ConnectionString, commandTimeoutSeconds);
    }

    private static NpgsqlConnectionStringBuilder Bounded(string connectionString, int connectTimeoutSeconds)
    {
        // Bounded connect: an unreachable host fails in seconds (503), not after Npgsql's default 15 s.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = connectTimeoutSeconds };

        // The app sets no session state (no SET or temp tables; the token path's prepared
        // statement is kept on purpose), so the DISCARD ALL Npgsql sends when a pooled connection
        // is returned is a wasted statement per opened connection. An explicit "No Reset On Close"
        // in the connection string still wins.
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder;
    }

    private static void UseNpgsql(DbContextOptionsBuilder options, NpgsqlDataSource? dataSource, string? connectionString, int commandTimeoutSeconds)
    {
        var retries = ReconnectExecutionStrategy.MaxRetries(dataSource);
        void Npgsql(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql)
        {
            npgsql.CommandTimeout(commandTimeoutSeconds);
            npgsql.MigrationsHistoryTable(MigrationsHistoryTable);
            npgsql.ExecutionStrategy(dependencies => new ReconnectExecutionStrategy(dependencies, dataSource, retries));
        }

        _ = dataSource is null ? options.UseNpgsql(connectionString, Npgsql) : options.UseNpgsql(dataSource, Npgsql);
        options
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            // A failed command is logged once, by the API's exception handler (one line, no stack
            // trace, during an outage); EF Core's own entries would repeat it with full traces.
            .ConfigureWarnings(warnings => warnings.Log(
                (RelationalEventId.CommandError, LogLevel.Debug),
                (RelationalEventId.ConnectionError, LogLevel.Debug),
                (CoreEventId.QueryIterationFailed, LogLevel.Debug),
                (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
    }
}
