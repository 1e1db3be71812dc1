using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Agentsgt.Infrastructure.Persistence;

public static class PersistenceSetup
{
    public const string MigrationsHistoryTable = "__ef_migrations_history";

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

    /// <summary>An unpooled connection of its own for a long-lived session (LISTEN, an advisory lock), outside the request pool; keepalive finds a dead peer.</summary>
    public static string DedicatedConnectionString(DatabaseOptions database, string applicationName)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 15,
            Timeout = database.ConnectTimeoutSeconds,
            CommandTimeout = database.CommandTimeoutSeconds,
            ApplicationName = applicationName,
        }.ConnectionString;
    }

    public static NpgsqlDataSource CreateDataSource(DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        // A timed-out command's cancellation blocks a thread-pool thread on a hung server, at most one
        // per pooled connection: that many threads more are kept ready, so 503s are not delayed (docs/benchmarks.md).
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        var wanted = (Environment.ProcessorCount * 2) + database.MaxPoolSize;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, completionPorts);
        }

        return new NpgsqlDataSourceBuilder(ServiceConnectionString(database)).Build();
    }

    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource, int commandTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(options);
        UseNpgsql(options, dataSource, null, commandTimeoutSeconds);
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 5, int connectTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(options);
        UseNpgsql(options, null, Bounded(connectionString, connectTimeoutSeconds).ConnectionString, commandTimeoutSeconds);
    }

    private static NpgsqlConnectionStringBuilder Bounded(string connectionString, int connectTimeoutSeconds)
    {
        // Bounded connect: an unreachable host fails in seconds (503), not after Npgsql's default 15 s.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = connectTimeoutSeconds };

        // The app sets no session state (the token path's prepared statement is kept on purpose), so
        // DISCARD ALL on return would be a wasted statement; an explicit "No Reset On Close" still wins.
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
