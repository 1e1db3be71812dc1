using Agentsgt.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Agentsgt.Infrastructure.UnitTests.Persistence;

public sealed class MigrationsTests
{
    [Test]
    public void TheMigrations_BuildTheModelTheCodeDescribes()
    {
        var options = new DbContextOptionsBuilder<AgentsgtDbContext>();
        PersistenceSetup.Configure(options, "Host=unused;Database=unused");
        using var db = new AgentsgtDbContext(options.Options);

        Assert.That(db.Database.HasPendingModelChanges(), Is.False, "a model change without its migration: run dotnet ef migrations add");
    }
}
