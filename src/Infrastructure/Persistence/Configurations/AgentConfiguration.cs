using Agentsgt.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agentsgt.Infrastructure.Persistence.Configurations;

public sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("agents");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Name).HasMaxLength(Agent.MaxNameLength).IsRequired();
        builder.Property(a => a.CreatedAt).IsRequired();
        builder.Ignore(a => a.IsDeleted);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);

        // Listing an organization's agents; the token path looks agents up by primary key.
        builder.HasIndex(a => a.OrganizationId);
    }
}
