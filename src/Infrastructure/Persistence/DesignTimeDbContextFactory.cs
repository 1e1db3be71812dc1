using Microsoft.EntityFrameworkCore.Design;

namespace Agentsgt.Infrastructure.Persistence;

/// <summary>For `dotnet ef migrations add`: no database is contacted to build the model.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AgentsgtDbContext>
{
    public AgentsgtDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, "Host=localhost;Database=agentsgt_design");
        return new AgentsgtDbContext(options.Options);
    }
}
