namespace Agentsgt.Infrastructure.Persistence;

/// <summary>Database settings: <c>ConnectionStrings:Agentsgt</c> and section <c>Database</c>.</summary>
/// <remarks>
/// Every bound here replaces the same keyword in the connection string (see
/// <see cref="PersistenceSetup.ServiceConnectionString"/>), so one place decides them for EF Core
/// and for the <c>NpgsqlDataSource</c> alike.
/// </remarks>
public sealed class DatabaseOptions : IValidatedOptions
{
    public const string ConnectionStringName = "Agentsgt";
    public const string SectionName = "Database";

    public string? ConnectionString { get; set; }

    /// <summary>Upper bound on one SQL command, so no request waits on the database for longer.</summary>
    public int CommandTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// Upper bound on getting a connection: opening a new one, or waiting for a free one when the
    /// pool is at <see cref="MaxPoolSize"/> (Npgsql's <c>Timeout</c>; its own default is 15 s).
    /// </summary>
    public int ConnectTimeoutSeconds { get; set; } = 2;

    /// <summary>
    /// After a command times out or is cancelled, how long Npgsql waits for PostgreSQL to confirm
    /// the cancellation before it drops the connection (Npgsql's <c>Cancellation Timeout</c>, 2 s by default).
    /// </summary>
    public int CancellationTimeoutSeconds { get; set; } = 1;

    /// <summary>
    /// Most connections this instance holds (Npgsql's <c>Maximum Pool Size</c>, 100 by default,
    /// which is all of PostgreSQL's default <c>max_connections</c>). Instances × this + headroom
    /// for management commands must stay under <c>max_connections</c>.
    /// </summary>
    public int MaxPoolSize { get; set; } = 20;

    /// <summary>An idle pooled connection is closed after this long (Npgsql's <c>Connection Idle Lifetime</c>, 300 s by default).</summary>
    public int ConnectionIdleLifetimeSeconds { get; set; } = 30;

    /// <summary>How often the pool looks for idle connections to close (Npgsql's <c>Connection Pruning Interval</c>).</summary>
    public int ConnectionPruningIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// How often the <c>last_used_at</c> times kept in memory are written (seconds, 0.1–10): a
    /// key's time reaches its row within this bound (plus one statement), and a crash loses at most
    /// this much of them.
    /// </summary>
    public double LastUsedAtFlushSeconds { get; set; } = 1;

    /// <summary>
    /// Keys with a pending <c>last_used_at</c> before a flush starts early; past it a request waits
    /// for that flush (at most the flush bound). Nothing is ever dropped.
    /// </summary>
    public int LastUsedAtMaxPendingKeys { get; set; } = 100_000;

    public TimeSpan LastUsedAtFlushInterval => TimeSpan.FromSeconds(LastUsedAtFlushSeconds);

    /// <summary>Every problem with these settings, each naming the setting.</summary>
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
