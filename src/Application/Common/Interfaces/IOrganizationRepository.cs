namespace Agentsgt.Application.Common.Interfaces;

public interface IOrganizationRepository
{
    Task<bool> ExistsAsync(Guid organizationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken);

    Task AddAsync(Organization organization, CancellationToken cancellationToken);
}
