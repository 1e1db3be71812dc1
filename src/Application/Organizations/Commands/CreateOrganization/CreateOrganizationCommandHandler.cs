namespace Agentsgt.Application.Organizations.Commands.CreateOrganization;

public sealed class CreateOrganizationCommandHandler(IOrganizationRepository organizations, TimeProvider clock, IMapper mapper) : IRequestHandler<CreateOrganizationCommand, OrganizationDto>
{
    public async Task<OrganizationDto> Handle(CreateOrganizationCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var organization = new Organization(Guid.NewGuid(), request.Name, clock.GetUtcNow());
        await organizations.AddAsync(organization, cancellationToken).ConfigureAwait(false);
        return mapper.Map<OrganizationDto>(organization);
    }
}
