using Microsoft.EntityFrameworkCore.Design;

namespace Agentsgt.Infrastructure.Persistence;

public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AgentsgtDbContext>
{
    public AgentsgtDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, "Host=localhost;Database=agentsgt_design");
        return new AgentsgtDbContext(options.Options);
    }
}
