namespace Agentsgt.Application.Common.Interfaces;

/// <summary>Organizations as the management commands need them.</summary>
public interface IOrganizationRepository
{
    Task<bool> ExistsAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>Every organization, oldest first.</summary>
    Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The organization, tracked for <see cref="UpdateAsync"/>; null when there is none.</summary>
    Task<Organization?> GetByIdAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>Inserts the organization and saves.</summary>
    Task AddAsync(Organization organization, CancellationToken cancellationToken);

    /// <summary>Saves the changes made to an organization read with <see cref="GetByIdAsync"/>.</summary>
    Task UpdateAsync(Organization organization, CancellationToken cancellationToken);
}
