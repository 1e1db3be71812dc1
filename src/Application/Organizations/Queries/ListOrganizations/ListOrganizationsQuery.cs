namespace Agentsgt.Application.Organizations.Queries.ListOrganizations;

public sealed record ListOrganizationsQuery : IRequest<IReadOnlyList<OrganizationDto>>;
