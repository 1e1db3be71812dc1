namespace Agentsgt.Application.Sessions;

/// <summary>The deployment's session settings (configuration <c>Sessions:*</c>), as the handlers use them.</summary>
public sealed record SessionPolicy
{
    /// <summary>A token not joined within this frees its slot (and later ends as never joined).</summary>
    public TimeSpan JoinWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Session length when neither key nor organization sets one.</summary>
    public int DefaultMaxSessionSeconds { get; init; } = 3600;

    /// <summary>An organization's concurrency cap when it sets none; null: unlimited.</summary>
    public int? DefaultMaxConcurrentSessions { get; init; }

    /// <summary>LiveKit's <c>departureTimeout</c> for rooms named at random.</summary>
    public int DepartureTimeoutSeconds { get; init; } = 10;

    /// <summary>The <c>Retry-After</c> of a <c>session_limit</c> answer.</summary>
    public int RetryAfterSeconds { get; init; } = 5;
}
