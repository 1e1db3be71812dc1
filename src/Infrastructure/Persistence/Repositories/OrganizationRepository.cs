using Agentsgt.Application.Common.Interfaces;
using Agentsgt.Domain.Entities;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Infrastructure.Persistence.Repositories;

public sealed class OrganizationRepository : IOrganizationRepository
{
    private readonly AgentsgtDbContext _db;

    public OrganizationRepository(AgentsgtDbContext db)
    {
        _db = db;
    }

    public Task<bool> ExistsAsync(Guid organizationId, CancellationToken cancellationToken) =>
        _db.Organizations.AnyAsync(o => o.Id == organizationId, cancellationToken);

    public async Task<IReadOnlyList<Organization>> ListAsync(CancellationToken cancellationToken) =>
        await _db.Organizations
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

    public async Task AddAsync(Organization organization, CancellationToken cancellationToken)
    {
        _db.Organizations.Add(organization);
        await _db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
