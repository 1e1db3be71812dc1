namespace Agentsgt.Application.Common.Interfaces;

/// <summary>Organizations as the management commands need them.</summary>
public interface IOrganizationRepository
{
    Task<bool> ExistsAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>Every organization, oldest first.</summary>
    Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts the organization and saves.</summary>
    Task AddAsync(Organization organization, CancellationToken cancellationToken);
}
