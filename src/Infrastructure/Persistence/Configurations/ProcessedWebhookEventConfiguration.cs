using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agentsgt.Infrastructure.Persistence.Configurations;

public sealed class ProcessedWebhookEventConfiguration : IEntityTypeConfiguration<ProcessedWebhookEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhookEvent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("processed_webhook_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(ProcessedWebhookEvent.MaxIdLength).ValueGeneratedNever();
        builder.Property(e => e.ReceivedAt).IsRequired();

        // Pruned by age: LiveKit stops redelivering long before.
        builder.HasIndex(e => e.ReceivedAt);
    }
}
