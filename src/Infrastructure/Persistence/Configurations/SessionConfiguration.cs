using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agentsgt.Infrastructure.Persistence.Configurations;

public sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public const string BytewiseCollation = "C";

    public void Configure(EntityTypeBuilder<Session> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("sessions", table =>
        {
            table.HasCheckConstraint("ck_sessions_end_reason", $"end_reason IN ({string.Join(", ", SessionEndReasons.All.Select(n => $"'{n}'"))})");
            table.HasCheckConstraint("ck_sessions_ended", "(ended_at IS NULL) = (end_reason IS NULL)");
            table.HasCheckConstraint("ck_sessions_issued", "(api_key_id IS NULL) = (max_session_seconds IS NULL)");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();

        // Names LiveKit compares byte for byte: bytewise comparison keeps their index cheap to insert into.
        builder.Property(s => s.RoomName).HasMaxLength(Session.MaxRoomNameLength).IsRequired().UseCollation(BytewiseCollation);
        builder.Property(s => s.RoomSid).HasMaxLength(Session.MaxRoomSidLength).UseCollation(BytewiseCollation);
        builder.Property(s => s.Identity).HasMaxLength(Session.MaxIdentityLength).IsRequired().UseCollation(BytewiseCollation);
        builder.Property(s => s.EndReason)
            .HasMaxLength(16)
            .HasConversion(r => r.HasValue ? r.Value.Name() : null, v => v == null ? null : SessionEndReasons.Parse(v));
        builder.Property(s => s.MissedListings).HasDefaultValue(0).HasSentinel(-1);
        builder.Ignore(s => s.IsOpen);
        builder.Ignore(s => s.IsIssued);
        builder.Ignore(s => s.Caps);
        builder.Ignore(s => s.EndsAt);

        // No foreign keys: each would lock its parent row on every token's insert, and organizations,
        // agents and keys are never deleted (soft delete, revocation), so the ids stay resolvable.

        // A recount of open sessions, per organization or per key within it: one index for both.
        builder.HasIndex(s => new { s.OrganizationId, s.ApiKeyId }, "ix_sessions_open_organization_key").HasDatabaseName("ix_sessions_open_organization_key").HasFilter("ended_at IS NULL");

        // Rejoin (same room and identity, the newest) and room_finished (by room sid) look among open
        // sessions only; the issue time in the index keeps any plan from walking an organization's rows.
        builder.HasIndex(s => new { s.RoomName, s.Identity, s.IssuedAt }, "ix_sessions_open_room_identity").HasDatabaseName("ix_sessions_open_room_identity").IsDescending(false, false, true).HasFilter("ended_at IS NULL");
        builder.HasIndex(s => s.RoomSid, "ix_sessions_open_room_sid").HasDatabaseName("ix_sessions_open_room_sid").HasFilter("ended_at IS NULL AND room_sid IS NOT NULL");

        // Enforcement: joined ones by their chain start, never-joined ones by issue time.
        builder.HasIndex(s => s.ChainJoinedAt, "ix_sessions_open_chain_joined_at").HasDatabaseName("ix_sessions_open_chain_joined_at").HasFilter("ended_at IS NULL AND joined_at IS NOT NULL");
        builder.HasIndex(s => s.IssuedAt, "ix_sessions_open_unjoined_issued_at").HasDatabaseName("ix_sessions_open_unjoined_issued_at").HasFilter("ended_at IS NULL AND joined_at IS NULL");

        // Listing (newest first, keyset cursor), usage by join time, retention of ended ones by issue time.
        builder.HasIndex(s => new { s.OrganizationId, s.IssuedAt, s.Id }, "ix_sessions_organization_issued").HasDatabaseName("ix_sessions_organization_issued").IsDescending(false, true, true);
        builder.HasIndex(s => new { s.OrganizationId, s.JoinedAt }, "ix_sessions_organization_joined").HasDatabaseName("ix_sessions_organization_joined").HasFilter("joined_at IS NOT NULL");
        builder.HasIndex(s => s.IssuedAt, "ix_sessions_ended_issued_at").HasDatabaseName("ix_sessions_ended_issued_at").HasFilter("ended_at IS NOT NULL");
    }
}
