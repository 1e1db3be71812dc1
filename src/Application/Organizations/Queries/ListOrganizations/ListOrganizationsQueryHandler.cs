using Agentsgt.Application.Common.Interfaces;
using MediatR;

namespace Agentsgt.Application.Organizations.Queries.ListOrganizations;

public sealed class ListOrganizationsQueryHandler : IRequestHandler<ListOrganizationsQuery, IReadOnlyList<OrganizationDto>>
{
    private readonly IOrganizationRepository _organizations;

    public ListOrganizationsQueryHandler(IOrganizationRepository organizations)
    {
        _organizations = organizations;
    }

    public async Task<IReadOnlyList<OrganizationDto>> Handle(ListOrganizationsQuery request, CancellationToken cancellationToken)
    {
        var organizations = await _organizations.ListAsync(cancellationToken).ConfigureAwait(false);
        return organizations.Select(OrganizationDto.From).ToList();
    }
}
