namespace Agentsgt.Application.Sessions;

/// <summary>
/// The caps a key's new tokens get and where each comes from (<c>key</c>, <c>organization</c> or
/// <c>configuration</c>). Both concurrency caps apply: the key's own (null: none) and its
/// organization's, which counts all the organization's keys (null: unlimited).
/// </summary>
public sealed record EffectiveSessionCapsDto(
    int? MaxConcurrentSessions,
    int? OrganizationMaxConcurrentSessions,
    string OrganizationMaxConcurrentSessionsFrom,
    int MaxSessionSeconds,
    string MaxSessionSecondsFrom)
{
    public const string FromKey = "key";
    public const string FromOrganization = "organization";
    public const string FromConfiguration = "configuration";

    /// <summary>A key's caps (<paramref name="key"/> null: the organization's alone, as a key setting none gets them).</summary>
    public static EffectiveSessionCapsDto For(ApiKey? key, Organization organization, SessionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(policy);
        var caps = SessionCaps.Resolve(
            key?.MaxConcurrentSessions,
            key?.MaxSessionSeconds,
            organization.MaxConcurrentSessions,
            organization.MaxSessionSeconds,
            policy.DefaultMaxConcurrentSessions,
            policy.DefaultMaxSessionSeconds);
        return new EffectiveSessionCapsDto(
            caps.KeyMaxConcurrentSessions,
            caps.OrganizationMaxConcurrentSessions,
            organization.MaxConcurrentSessions is null ? FromConfiguration : FromOrganization,
            caps.MaxSessionSeconds,
            key?.MaxSessionSeconds is not null ? FromKey : organization.MaxSessionSeconds is not null ? FromOrganization : FromConfiguration);
    }
}
