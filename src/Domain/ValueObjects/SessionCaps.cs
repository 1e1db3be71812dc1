namespace Agentsgt.Domain.ValueObjects;

/// <summary>The caps fixed on a session when its token is issued (a null concurrency cap: none at that level).</summary>
public sealed record SessionCaps
{
    public const int MinValue = 1;

    public SessionCaps(int? keyMaxConcurrentSessions, int? organizationMaxConcurrentSessions, int maxSessionSeconds)
    {
        KeyMaxConcurrentSessions = RequireCap(keyMaxConcurrentSessions, nameof(keyMaxConcurrentSessions));
        OrganizationMaxConcurrentSessions = RequireCap(organizationMaxConcurrentSessions, nameof(organizationMaxConcurrentSessions));
        MaxSessionSeconds = RequireCap(maxSessionSeconds, nameof(maxSessionSeconds))!.Value;
    }

    public int? KeyMaxConcurrentSessions { get; }

    public int? OrganizationMaxConcurrentSessions { get; }

    public int MaxSessionSeconds { get; }

    /// <summary>Whether issuing needs the atomic reservation (some level caps concurrency).</summary>
    public bool LimitsConcurrency => KeyMaxConcurrentSessions is not null || OrganizationMaxConcurrentSessions is not null;

    /// <summary>A key's concurrency cap and its organization's (else the default); its length, else its organization's, else the default.</summary>
    public static SessionCaps Resolve(
        int? keyMaxConcurrentSessions,
        int? keyMaxSessionSeconds,
        int? organizationMaxConcurrentSessions,
        int? organizationMaxSessionSeconds,
        int? defaultMaxConcurrentSessions,
        int defaultMaxSessionSeconds) =>
        new(
            keyMaxConcurrentSessions,
            organizationMaxConcurrentSessions ?? defaultMaxConcurrentSessions,
            keyMaxSessionSeconds ?? organizationMaxSessionSeconds ?? defaultMaxSessionSeconds);

    /// <summary>Returns <paramref name="value"/>; throws unless it is null or at least <see cref="MinValue"/>.</summary>
    public static int? RequireCap(int? value, string paramName) =>
        value is null or >= MinValue ? value : throw new ArgumentOutOfRangeException(paramName, value, $"A cap must be at least {MinValue}, or none.");
}
