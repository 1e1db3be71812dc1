using Agentsgt.Domain.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agentsgt.Infrastructure.Persistence.Configurations;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength).IsRequired();
        builder.Property(k => k.PublicKey).HasMaxLength(128).IsRequired();
        builder.Property(k => k.SecretHash).IsRequired();
        builder.Property(k => k.PepperId).HasMaxLength(32).IsRequired();
        builder.Property(k => k.CreatedAt).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Restrict);

        // The hot path: every request looks its key up by public part.
        builder.HasIndex(k => k.PublicKey).IsUnique();
        builder.HasIndex(k => k.OrganizationId);
    }
}
