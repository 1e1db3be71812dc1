using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>
/// The one place the database connection settings and the DbContext's provider options are chosen
/// (runtime, design time, tests). At run time EF Core and the token path's hand-written read share
/// one <see cref="NpgsqlDataSource"/>, so they share its pool and every setting made here.
/// </summary>
public static class PersistenceSetup
{
    /// <summary>The connection string every connection is opened with: the configured one, with our bounds.</summary>
    public static string ConnectionString(string connectionString, int commandTimeoutSeconds = 5, int connectTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        // Bounded connect: an unreachable host fails in seconds (503), not after Npgsql's default 15 s.
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = connectTimeoutSeconds,
            CommandTimeout = commandTimeoutSeconds,
        };

        // The app sets no session state (no SET or temp tables; the token path's prepared
        // statement is kept on purpose), so the DISCARD ALL Npgsql sends when a pooled connection
        // is returned is a wasted statement per opened connection. An explicit "No Reset On Close"
        // in the connection string still wins.
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>The application's data source (one pool), from the configured settings.</summary>
    public static NpgsqlDataSource CreateDataSource(DatabaseOptions database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new NpgsqlDataSourceBuilder(ConnectionString(database.ConnectionString!, database.CommandTimeoutSeconds, database.ConnectTimeoutSeconds)).Build();
    }

    /// <summary>The DbContext on the application's data source (run time).</summary>
    public static void Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource, int commandTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseNpgsql(dataSource, npgsql => Provider(npgsql, commandTimeoutSeconds));
        Common(options);
    }

    /// <summary>The DbContext on a connection string of its own (design time, tests, tools).</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 5, int connectTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.UseNpgsql(ConnectionString(connectionString, commandTimeoutSeconds, connectTimeoutSeconds), npgsql => Provider(npgsql, commandTimeoutSeconds));
        Common(options);
    }

    private static void Provider(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql, int commandTimeoutSeconds)
    {
        npgsql.CommandTimeout(commandTimeoutSeconds);
        npgsql.MigrationsHistoryTable("__ef_migrations_history");
        npgsql.ExecutionStrategy(dependencies => new ReconnectOnceExecutionStrategy(dependencies));
    }

    private static void Common(DbContextOptionsBuilder options) =>
        options
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
}
