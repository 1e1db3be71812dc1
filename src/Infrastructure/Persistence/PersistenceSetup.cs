using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>The one place the DbContext's provider options are chosen (runtime and design time).</summary>
public static class PersistenceSetup
{
    public static void Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 5, int connectTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Bounded connect: an unreachable host fails in seconds (503), not after Npgsql's default 15 s.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = connectTimeoutSeconds };

        // The app sets no session state (no SET, temp tables or prepared statements), so the
        // DISCARD ALL Npgsql sends when a pooled connection is returned is a wasted statement per
        // opened connection. An explicit "No Reset On Close" in the connection string still wins.
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        var bounded = builder.ConnectionString;
        options
            .UseNpgsql(bounded, npgsql =>
            {
                npgsql.CommandTimeout(commandTimeoutSeconds);
                npgsql.MigrationsHistoryTable("__ef_migrations_history");
                npgsql.ExecutionStrategy(dependencies => new ReconnectOnceExecutionStrategy(dependencies));
            })
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
    }
}
