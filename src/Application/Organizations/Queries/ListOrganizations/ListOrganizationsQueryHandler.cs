namespace Agentsgt.Application.Organizations.Queries.ListOrganizations;

public sealed class ListOrganizationsQueryHandler(IOrganizationRepository organizations, IMapper mapper) : IRequestHandler<ListOrganizationsQuery, IReadOnlyList<OrganizationDto>>
{
    public async Task<IReadOnlyList<OrganizationDto>> Handle(ListOrganizationsQuery request, CancellationToken cancellationToken)
    {
        var list = await organizations.ListAsync(cancellationToken).ConfigureAwait(false);
        return mapper.Map<List<OrganizationDto>>(list);
    }
}
