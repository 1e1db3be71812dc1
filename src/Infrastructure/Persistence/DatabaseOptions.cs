namespace Agentsgt.Infrastructure.Persistence;

// Every bound replaces the same keyword in the connection string (PersistenceSetup.ServiceConnectionString),
// so one place decides them for EF Core and the token path's own commands.
public sealed class DatabaseOptions : IValidatedOptions
{
    public const string ConnectionStringName = "Agentsgt";
    public const string SectionName = "Database";

    public string? ConnectionString { get; set; }

    public int CommandTimeoutSeconds { get; set; } = 5;

    public int ConnectTimeoutSeconds { get; set; } = 2;

    public int CancellationTimeoutSeconds { get; set; } = 1;

    // Instances × this, plus headroom for management commands, must fit PostgreSQL's max_connections.
    public int MaxPoolSize { get; set; } = 20;

    public int ConnectionIdleLifetimeSeconds { get; set; } = 30;

    public int ConnectionPruningIntervalSeconds { get; set; } = 5;

    // A crash loses at most this much of the last_used_at times.
    public double LastUsedAtFlushSeconds { get; set; } = 1;

    public int LastUsedAtMaxPendingKeys { get; set; } = 100_000;

    public TimeSpan LastUsedAtFlushInterval => TimeSpan.FromSeconds(LastUsedAtFlushSeconds);

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "ConnectionStrings:Agentsgt is not set (environment variable ConnectionStrings__Agentsgt).";
        }
        else if (!IsValidConnectionString(ConnectionString))
        {
            // Never echo it: it may hold a password.
            yield return "ConnectionStrings:Agentsgt is not a valid Npgsql connection string.";
        }

        if (CommandTimeoutSeconds is < 1 or > 300)
        {
            yield return "Database:CommandTimeoutSeconds must be 1–300.";
        }

        if (ConnectTimeoutSeconds is < 1 or > 300)
        {
            yield return "Database:ConnectTimeoutSeconds must be 1–300.";
        }

        if (CancellationTimeoutSeconds is < 1 or > 60)
        {
            yield return "Database:CancellationTimeoutSeconds must be 1–60.";
        }

        if (MaxPoolSize is < 1 or > 1000)
        {
            yield return "Database:MaxPoolSize must be 1–1000.";
        }

        if (ConnectionPruningIntervalSeconds is < 1 or > 3600)
        {
            yield return "Database:ConnectionPruningIntervalSeconds must be 1–3600.";
        }

        if (ConnectionIdleLifetimeSeconds is < 1 or > 3600 || ConnectionIdleLifetimeSeconds < ConnectionPruningIntervalSeconds)
        {
            yield return "Database:ConnectionIdleLifetimeSeconds must be 1–3600 and at least Database:ConnectionPruningIntervalSeconds.";
        }

        if (LastUsedAtFlushSeconds is < 0.1 or > 10)
        {
            yield return "Database:LastUsedAtFlushSeconds must be 0.1–10.";
        }

        if (LastUsedAtMaxPendingKeys is < 1 or > 10_000_000)
        {
            yield return "Database:LastUsedAtMaxPendingKeys must be 1–10000000.";
        }
    }

    private static bool IsValidConnectionString(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
