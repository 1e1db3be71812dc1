using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agentsgt.Infrastructure.Persistence.Configurations;

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("organizations", table =>
            table.HasCheckConstraint("ck_organizations_session_caps", "max_concurrent_sessions >= 1 AND max_session_seconds >= 1"));
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(Organization.MaxNameLength).IsRequired();
        builder.Property(o => o.CreatedAt).IsRequired();
    }
}
