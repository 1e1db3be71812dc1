using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>The one place the DbContext's provider options are chosen (runtime and design time).</summary>
public static class PersistenceSetup
{
    public static void Configure(DbContextOptionsBuilder options, string connectionString, int commandTimeoutSeconds = 5)
    {
        ArgumentNullException.ThrowIfNull(options);
        options
            .UseNpgsql(connectionString, npgsql =>
            {
                npgsql.CommandTimeout(commandTimeoutSeconds);
                npgsql.MigrationsHistoryTable("__ef_migrations_history");
            })
            .UseSnakeCaseNamingConvention()
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
    }
}
