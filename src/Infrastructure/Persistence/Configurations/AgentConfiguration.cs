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

        // Named by hand: the snake-case convention would split "LiveKit" into live_kit.
        builder.Property(a => a.LiveKitAgentName).HasColumnName("livekit_agent_name").HasMaxLength(LiveKitAgentNameRules.MaxLength);
        builder.Ignore(a => a.IsDeleted);
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);

        // Listing an organization's agents; the token path looks agents up by primary key.
        builder.HasIndex(a => a.OrganizationId);
    }
}
