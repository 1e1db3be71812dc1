using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agentsgt.Infrastructure.Persistence.Configurations;

public sealed class FinishedRoomConfiguration : IEntityTypeConfiguration<FinishedRoom>
{
    public void Configure(EntityTypeBuilder<FinishedRoom> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("finished_rooms");
        builder.HasKey(r => r.RoomSid);
        builder.Property(r => r.RoomSid).HasMaxLength(Session.MaxRoomSidLength).ValueGeneratedNever();
        builder.HasIndex(r => r.ReceivedAt);
    }
}
