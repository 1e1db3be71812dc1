namespace Agentsgt.Infrastructure.Sessions;

public sealed class SessionsOptions : IValidatedOptions
{
    public const string SectionName = "Sessions";

    /// <summary>Seconds a token may stay unjoined and still hold its slot.</summary>
    public int JoinWindowSeconds { get; set; } = 60;

    /// <summary>Seconds between two reconciliations with LiveKit's room listing.</summary>
    public int ReconcileSeconds { get; set; } = 60;

    /// <summary>Seconds before the duration cap the visitor is told when its session ends.</summary>
    public int WarningLeadSeconds { get; set; } = 60;

    /// <summary>Session length when neither the key nor its organization sets one.</summary>
    public int DefaultMaxSessionSeconds { get; set; } = 3600;

    /// <summary>An organization's concurrency cap when it sets none; empty means unlimited.</summary>
    public int? DefaultMaxConcurrentSessions { get; set; }

    /// <summary>LiveKit's <c>departureTimeout</c> for rooms named at random: how long a room its visitor left keeps running.</summary>
    public int DepartureTimeoutSeconds { get; set; } = 10;

    /// <summary>The <c>Retry-After</c> seconds of a <c>session_limit</c> answer.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>Days sessions are kept (never-joined ones are kept 7).</summary>
    public int RetentionDays { get; set; } = 400;

    public SessionPolicy ToPolicy() => new()
    {
        JoinWindow = TimeSpan.FromSeconds(JoinWindowSeconds),
        DefaultMaxSessionSeconds = DefaultMaxSessionSeconds,
        DefaultMaxConcurrentSessions = DefaultMaxConcurrentSessions,
        DepartureTimeoutSeconds = DepartureTimeoutSeconds,
        RetryAfterSeconds = RetryAfterSeconds,
    };

    public IEnumerable<string> Problems()
    {
        if (JoinWindowSeconds is < 1 or > 3600)
        {
            yield return "Sessions:JoinWindowSeconds must be 1–3600.";
        }

        if (ReconcileSeconds is < 1 or > 3600)
        {
            yield return "Sessions:ReconcileSeconds must be 1–3600.";
        }

        if (WarningLeadSeconds is < 0 or > 3600)
        {
            yield return "Sessions:WarningLeadSeconds must be 0–3600.";
        }

        if (DefaultMaxSessionSeconds is < 1 or > 604_800)
        {
            yield return "Sessions:DefaultMaxSessionSeconds must be 1–604800.";
        }

        if (DefaultMaxConcurrentSessions is < 1)
        {
            yield return "Sessions:DefaultMaxConcurrentSessions must be at least 1, or empty for unlimited.";
        }

        if (DepartureTimeoutSeconds is < 0 or > 3600)
        {
            yield return "Sessions:DepartureTimeoutSeconds must be 0–3600.";
        }

        if (RetryAfterSeconds is < 1 or > 3600)
        {
            yield return "Sessions:RetryAfterSeconds must be 1–3600.";
        }

        if (RetentionDays is < 7 or > 3650)
        {
            yield return "Sessions:RetentionDays must be 7–3650.";
        }
    }
}
