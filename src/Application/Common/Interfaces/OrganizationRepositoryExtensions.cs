namespace Agentsgt.Application.Common.Interfaces;

public static class OrganizationRepositoryExtensions
{
    public static async Task EnsureExistsAsync(this IOrganizationRepository organizations, Guid organizationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        if (!await organizations.ExistsAsync(organizationId, cancellationToken).ConfigureAwait(false))
        {
            throw NotFound(organizationId);
        }
    }

    public static async Task<Organization> GetExistingAsync(this IOrganizationRepository organizations, Guid organizationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        return await organizations.GetByIdAsync(organizationId, cancellationToken).ConfigureAwait(false) ?? throw NotFound(organizationId);
    }

    private static NotFoundException NotFound(Guid organizationId) => new($"organization {organizationId:D} does not exist");
}
