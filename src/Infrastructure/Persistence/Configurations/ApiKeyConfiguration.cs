using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agentsgt.Infrastructure.Persistence.Configurations;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // A secret key always has its hash and pepper; a publishable key never has either and is
        // bound to at least one origin. The database keeps this true whatever code writes the row.
        builder.ToTable("api_keys", table =>
        {
            table.HasCheckConstraint("ck_api_keys_kind", "kind IN ('secret', 'publishable')");
            table.HasCheckConstraint(
                "ck_api_keys_kind_shape",
                "(kind = 'secret' AND secret_hash IS NOT NULL AND pepper_id IS NOT NULL AND cardinality(allowed_origins) = 0 AND cardinality(allowed_agent_ids) = 0)"
                + " OR (kind = 'publishable' AND secret_hash IS NULL AND pepper_id IS NULL AND cardinality(allowed_origins) > 0)");
            table.HasCheckConstraint("ck_api_keys_session_caps", "max_concurrent_sessions >= 1 AND max_session_seconds >= 1");
        });
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength).IsRequired();
        builder.Property(k => k.PublicKey).HasMaxLength(128).IsRequired();
        builder.Property(k => k.Kind)
            .HasMaxLength(16)
            .HasConversion(k => k == ApiKeyKind.Publishable ? "publishable" : "secret", v => v == "publishable" ? ApiKeyKind.Publishable : ApiKeyKind.Secret)
            .HasDefaultValue(ApiKeyKind.Secret)
            .HasSentinel((ApiKeyKind)(-1))
            .IsRequired();
        builder.Property(k => k.SecretHash);
        builder.Property(k => k.PepperId).HasMaxLength(32);
        builder.PrimitiveCollection(k => k.AllowedOrigins).HasColumnType("text[]").IsRequired().HasDefaultValueSql("'{}'::text[]");
        builder.PrimitiveCollection(k => k.AllowedAgentIds).HasColumnType("uuid[]").IsRequired().HasDefaultValueSql("'{}'::uuid[]");
        builder.Property(k => k.CreatedAt).IsRequired();
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Restrict);

        // The hot path: every request looks its key up by public part.
        builder.HasIndex(k => k.PublicKey).IsUnique();
        builder.HasIndex(k => k.OrganizationId);
    }
}
