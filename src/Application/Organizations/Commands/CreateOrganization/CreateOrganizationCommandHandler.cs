using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using MediatR;

namespace Agentsgt.Application.Organizations.Commands.CreateOrganization;

public sealed class CreateOrganizationCommandHandler : IRequestHandler<CreateOrganizationCommand, OrganizationDto>
{
    private readonly IOrganizationRepository _organizations;
    private readonly TimeProvider _clock;

    public CreateOrganizationCommandHandler(IOrganizationRepository organizations, TimeProvider clock)
    {
        _organizations = organizations;
        _clock = clock;
    }

    public async Task<OrganizationDto> Handle(CreateOrganizationCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var organization = new Organization(Guid.NewGuid(), request.Name, _clock.GetUtcNow());
        await _organizations.AddAsync(organization, cancellationToken).ConfigureAwait(false);
        return OrganizationDto.From(organization);
    }
}
