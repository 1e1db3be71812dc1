namespace Agentsgt.Application.Organizations.Commands.SetOrganizationLimits;

public sealed class SetOrganizationLimitsCommandHandler(IOrganizationRepository organizations, SessionPolicy policy)
    : IRequestHandler<SetOrganizationLimitsCommand, OrganizationLimitsDto>
{
    public async Task<OrganizationLimitsDto> Handle(SetOrganizationLimitsCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var organization = await organizations.GetExistingAsync(request.OrganizationId, cancellationToken).ConfigureAwait(false);
        CapChange.Apply(request.MaxConcurrentSessions, organization.SetMaxConcurrentSessions);
        CapChange.Apply(request.MaxSessionSeconds, organization.SetMaxSessionSeconds);
        await organizations.UpdateAsync(organization, cancellationToken).ConfigureAwait(false);
        var caps = EffectiveSessionCapsDto.For(null, organization, policy);
        return new OrganizationLimitsDto(
            organization.Id,
            organization.Name,
            caps.OrganizationMaxConcurrentSessions,
            caps.OrganizationMaxConcurrentSessionsFrom,
            caps.MaxSessionSeconds,
            caps.MaxSessionSecondsFrom);
    }
}
