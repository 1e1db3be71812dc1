using Agentsgt.Domain.Entities;

namespace Agentsgt.Application.Organizations;

public sealed record OrganizationDto(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public static OrganizationDto From(Organization organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return new OrganizationDto(organization.Id, organization.Name, organization.CreatedAt);
    }
}
