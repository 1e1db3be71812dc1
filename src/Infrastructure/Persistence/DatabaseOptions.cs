using Agentsgt.Infrastructure.Configuration;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>Database settings: <c>ConnectionStrings:Agentsgt</c> and section <c>Database</c>.</summary>
public sealed class DatabaseOptions : IValidatedOptions
{
    public const string ConnectionStringName = "Agentsgt";
    public const string SectionName = "Database";

    public string? ConnectionString { get; set; }

    /// <summary>Upper bound on one SQL command, so no request waits on the database for longer.</summary>
    public int CommandTimeoutSeconds { get; set; } = 5;

    /// <summary>Upper bound on opening a connection (Npgsql's own default is 15 s); replaces <c>Timeout</c> in the connection string.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>
    /// When false (the default), the <c>last_used_at</c> write commits without waiting for its WAL
    /// flush (<c>synchronous_commit = off</c> for that one statement): it is visible at once, and
    /// only a PostgreSQL crash can lose the last ~0.6 s of such writes. True makes it fully durable.
    /// </summary>
    public bool DurableLastUsedAt { get; set; }

    /// <summary>One message per missing or impossible setting.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "ConnectionStrings:Agentsgt is not set (environment variable ConnectionStrings__Agentsgt).";
        }

        if (CommandTimeoutSeconds is < 1 or > 300)
        {
            yield return "Database:CommandTimeoutSeconds must be 1–300.";
        }

        if (ConnectTimeoutSeconds is < 1 or > 300)
        {
            yield return "Database:ConnectTimeoutSeconds must be 1–300.";
        }
    }
}
