namespace Agentsgt.Application.Organizations.Commands.SetOrganizationLimits;

/// <summary>
/// Sets or clears an organization's own caps (a null change leaves that cap as it is; cleared, the
/// configured default applies). They apply to tokens issued from then on.
/// </summary>
public sealed record SetOrganizationLimitsCommand(Guid OrganizationId, CapChange? MaxConcurrentSessions, CapChange? MaxSessionSeconds) : IRequest<OrganizationLimitsDto>;
