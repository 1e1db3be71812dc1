namespace Agentsgt.Infrastructure.Persistence;

public sealed class AgentsgtDbContext(DbContextOptions<AgentsgtDbContext> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentsgtDbContext).Assembly);
    }
}
