namespace Agentsgt.Application.Common.Interfaces;

public static class OrganizationRepositoryExtensions
{
    public static async Task EnsureExistsAsync(this IOrganizationRepository organizations, Guid organizationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        if (!await organizations.ExistsAsync(organizationId, cancellationToken).ConfigureAwait(false))
        {
            throw new NotFoundException($"organization {organizationId:D} does not exist");
        }
    }
}
