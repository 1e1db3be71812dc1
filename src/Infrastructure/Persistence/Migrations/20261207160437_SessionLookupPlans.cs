using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agentsgt.Infrastructure.Persistence.Migrations
{
    /// <summary>Plans that read no more rows than they need: the rejoin lookup by room and identity (its index
    /// ordered by issue time), and no scan of the bound table from a plan cached while it was small.</summary>
    public partial class SessionLookupPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_sessions_open_room_identity",
                table: "sessions");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_room_identity",
                table: "sessions",
                columns: new[] { "room_name", "identity", "issued_at" },
                descending: new[] { false, false, true },
                filter: "ended_at IS NULL");

            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION reserve_session(
                    p_id uuid, p_organization_id uuid, p_agent_id uuid, p_api_key_id uuid,
                    p_room_name text, p_random_room boolean, p_identity text, p_issued_at timestamptz,
                    p_max_session_seconds integer, p_key_max integer, p_organization_max integer,
                    p_join_window_seconds integer)
                RETURNS TABLE (full_cap text, replaced_id uuid, chain_start timestamptz)
                LANGUAGE plpgsql
                SET enable_seqscan = off
                AS $$
                DECLARE
                    v_below boolean := true;
                    v_full text;
                    v_owner uuid;
                BEGIN
                    -- Visible to every instance at commit; a PostgreSQL crash may lose the last fraction
                    -- of a second of reservations, as a process crash loses rows written behind.
                    PERFORM set_config('synchronous_commit', 'off', true);
                    -- Fast path: each bound stays an upper bound when raised under its row's lock, so a bound
                    -- below its cap is a free slot without a count.
                    IF p_organization_max IS NOT NULL THEN
                        UPDATE session_slot_bounds AS b SET open_slots = b.open_slots + 1
                        WHERE b.level = 'organization' AND b.scope_id = p_organization_id AND b.open_slots < p_organization_max;
                        v_below := FOUND;
                    END IF;
                    IF v_below AND p_key_max IS NOT NULL THEN
                        UPDATE session_slot_bounds AS b SET open_slots = b.open_slots + 1
                        WHERE b.level = 'key' AND b.scope_id = p_api_key_id AND b.open_slots < p_key_max;
                        v_below := FOUND;
                        IF NOT v_below AND p_organization_max IS NOT NULL THEN
                            -- Given back under the lock this transaction holds: the recount decides instead.
                            UPDATE session_slot_bounds AS b SET open_slots = b.open_slots - 1
                            WHERE b.level = 'organization' AND b.scope_id = p_organization_id;
                        END IF;
                    END IF;
                    IF NOT v_below THEN
                        v_full := session_cap_full(p_organization_id, p_api_key_id, p_key_max, p_organization_max,
                                                   p_issued_at, p_join_window_seconds, NULL);
                    END IF;
                    -- By room and identity alone, so the one index that fits is the one used; a room's name
                    -- carries its organization, which is checked after.
                    SELECT s.id, COALESCE(s.chain_joined_at, s.joined_at), s.organization_id INTO replaced_id, chain_start, v_owner
                    FROM sessions AS s
                    WHERE s.room_name = p_room_name AND s.identity = p_identity AND s.ended_at IS NULL
                      AND (s.joined_at IS NOT NULL OR s.issued_at > p_issued_at - make_interval(secs => p_join_window_seconds))
                    ORDER BY s.issued_at DESC
                    LIMIT 1;
                    IF v_owner IS DISTINCT FROM p_organization_id THEN
                        replaced_id := NULL;
                        chain_start := NULL;
                    END IF;
                    IF v_full IS NOT NULL AND replaced_id IS NULL THEN
                        full_cap := v_full;
                        RETURN NEXT;
                        RETURN;
                    END IF;
                    INSERT INTO sessions (id, organization_id, agent_id, api_key_id, room_name, random_room, identity,
                                          issued_at, max_session_seconds, key_max_concurrent_sessions,
                                          organization_max_concurrent_sessions, replaces_session_id, chain_joined_at)
                    VALUES (p_id, p_organization_id, p_agent_id, p_api_key_id, p_room_name, p_random_room, p_identity,
                            p_issued_at, p_max_session_seconds, p_key_max, p_organization_max, replaced_id, chain_start);
                    RETURN NEXT;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SessionReservationFastPath.ReserveSessionSql);

            migrationBuilder.DropIndex(
                name: "ix_sessions_open_room_identity",
                table: "sessions");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_room_identity",
                table: "sessions",
                columns: new[] { "room_name", "identity" },
                filter: "ended_at IS NULL");
        }
    }
}
