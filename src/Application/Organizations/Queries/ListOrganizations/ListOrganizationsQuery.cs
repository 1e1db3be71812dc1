namespace Agentsgt.Application.Organizations.Queries.ListOrganizations;

/// <summary>Every organization, oldest first.</summary>
public sealed record ListOrganizationsQuery : IRequest<IReadOnlyList<OrganizationDto>>;
