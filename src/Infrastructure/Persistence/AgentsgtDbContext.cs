namespace Agentsgt.Infrastructure.Persistence;

public sealed class AgentsgtDbContext(DbContextOptions<AgentsgtDbContext> options) : DbContext(options)
{
    public DbSet<Organization> Organizations => Set<Organization>();

    public DbSet<Agent> Agents => Set<Agent>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<ProcessedWebhookEvent> ProcessedWebhookEvents => Set<ProcessedWebhookEvent>();

    public DbSet<FinishedRoom> FinishedRooms => Set<FinishedRoom>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentsgtDbContext).Assembly);
    }
}
