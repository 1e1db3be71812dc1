namespace Agentsgt.Application.Organizations;

/// <summary>
/// An organization's caps as its keys' new tokens get them, and where each comes from
/// (<c>organization</c> or <c>configuration</c>); a null concurrency cap is unlimited.
/// </summary>
public sealed record OrganizationLimitsDto(
    Guid Id,
    string Name,
    int? MaxConcurrentSessions,
    string MaxConcurrentSessionsFrom,
    int MaxSessionSeconds,
    string MaxSessionSecondsFrom);
