namespace Agentsgt.Application.Common.Interfaces;

public interface IOrganizationRepository
{
    Task<bool> ExistsAsync(Guid organizationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken);

    // Tracked, for UpdateAsync; null when there is none.
    Task<Organization?> GetByIdAsync(Guid organizationId, CancellationToken cancellationToken);

    Task AddAsync(Organization organization, CancellationToken cancellationToken);

    Task UpdateAsync(Organization organization, CancellationToken cancellationToken);
}
