namespace Agentsgt.Infrastructure.Persistence;

/// <summary>Database settings: <c>ConnectionStrings:Agentsgt</c> and section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string ConnectionStringName = "Agentsgt";
    public const string SectionName = "Database";

    public string? ConnectionString { get; set; }

    /// <summary>Upper bound on one SQL command, so no request waits on the database for longer.</summary>
    public int CommandTimeoutSeconds { get; set; } = 5;

    /// <summary>Upper bound on opening a connection (Npgsql's own default is 15 s); replaces <c>Timeout</c> in the connection string.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

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
}
