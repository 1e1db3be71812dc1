namespace Agentsgt.Infrastructure.Persistence.Repositories;

public sealed class OrganizationRepository(AgentsgtDbContext db) : IOrganizationRepository
{
    public Task<bool> ExistsAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken);

    public async Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken) =>
        await db.Organizations
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public Task<Organization?> GetByIdAsync(Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.AsTracking().FirstOrDefaultAsync(o => o.Id == organizationId, cancellationToken);

    public async Task AddAsync(Organization organization, CancellationToken cancellationToken)
    {
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task UpdateAsync(Organization organization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organization);
        if (db.Entry(organization).State == EntityState.Detached)
        {
            db.Organizations.Update(organization);
        }

        return db.SaveChangesAsync(cancellationToken);
    }
}
