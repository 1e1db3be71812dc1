using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agentsgt.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A capped reservation without a count per token: each capped organization and key keeps an
    /// upper bound on its open slots, raised by every slot taken and recounted exactly only when it
    /// could reach the cap (or its cap changed). The sessions table loses its foreign keys, whose
    /// checks locked three parent rows per insert.
    /// </summary>
    public partial class SessionSlotBounds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_sessions_agents_agent_id",
                table: "sessions");

            migrationBuilder.DropForeignKey(
                name: "fk_sessions_api_keys_api_key_id",
                table: "sessions");

            migrationBuilder.DropForeignKey(
                name: "fk_sessions_organizations_organization_id",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "ix_sessions_agent_id",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "ix_sessions_issued_at",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "ix_sessions_open_api_key_id",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "ix_sessions_open_organization_id",
                table: "sessions");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_ended_issued_at",
                table: "sessions",
                column: "issued_at",
                filter: "ended_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_organization_key",
                table: "sessions",
                columns: new[] { "organization_id", "api_key_id" },
                filter: "ended_at IS NULL");

            migrationBuilder.Sql("""
                CREATE TABLE session_slot_bounds (
                    level text NOT NULL CHECK (level IN ('key', 'organization')),
                    scope_id uuid NOT NULL,
                    open_slots integer NOT NULL,
                    CONSTRAINT pk_session_slot_bounds PRIMARY KEY (level, scope_id));

                CREATE FUNCTION session_slot_bound(
                    p_level text, p_organization_id uuid, p_scope_id uuid, p_max integer, p_unjoined_since timestamptz, p_except uuid)
                RETURNS integer LANGUAGE plpgsql AS $$
                DECLARE
                    v_bound integer;
                    v_holding integer;
                BEGIN
                    SELECT b.open_slots INTO v_bound FROM session_slot_bounds AS b
                    WHERE b.level = p_level AND b.scope_id = p_scope_id;
                    IF v_bound IS NOT NULL AND v_bound < p_max THEN
                        RETURN v_bound;
                    END IF;
                    -- The bound counts every open slot: an unjoined one past its window can still join.
                    IF p_level = 'key' THEN
                        SELECT count(DISTINCT (s.room_name, s.identity)) FILTER (WHERE s.joined_at IS NOT NULL OR s.issued_at > p_unjoined_since),
                               count(DISTINCT (s.room_name, s.identity))
                        INTO v_holding, v_bound FROM sessions AS s
                        WHERE s.organization_id = p_organization_id AND s.api_key_id = p_scope_id AND s.ended_at IS NULL AND s.id IS DISTINCT FROM p_except;
                    ELSE
                        SELECT count(DISTINCT (s.room_name, s.identity)) FILTER (WHERE s.joined_at IS NOT NULL OR s.issued_at > p_unjoined_since),
                               count(DISTINCT (s.room_name, s.identity))
                        INTO v_holding, v_bound FROM sessions AS s
                        WHERE s.organization_id = p_scope_id AND s.ended_at IS NULL AND s.id IS DISTINCT FROM p_except;
                    END IF;
                    RETURN CASE WHEN v_holding >= p_max THEN NULL ELSE v_bound END;
                END $$;

                CREATE FUNCTION take_session_slot(p_level text, p_scope_id uuid, p_open_slots integer)
                RETURNS void LANGUAGE sql AS $$
                    INSERT INTO session_slot_bounds (level, scope_id, open_slots) VALUES (p_level, p_scope_id, p_open_slots)
                    ON CONFLICT (level, scope_id) DO UPDATE SET open_slots = EXCLUDED.open_slots;
                $$;

                CREATE OR REPLACE FUNCTION session_cap_full(
                    p_organization_id uuid, p_api_key_id uuid, p_key_max integer, p_organization_max integer,
                    p_now timestamptz, p_join_window_seconds integer, p_except uuid)
                RETURNS text LANGUAGE plpgsql AS $$
                DECLARE
                    v_unjoined_since timestamptz := p_now - make_interval(secs => p_join_window_seconds);
                    v_key_bound integer;
                    v_organization_bound integer;
                BEGIN
                    IF p_organization_max IS NOT NULL THEN
                        PERFORM pg_advisory_xact_lock(1936683887, hashtext(p_organization_id::text));
                    END IF;
                    IF p_key_max IS NOT NULL THEN
                        PERFORM pg_advisory_xact_lock(1936683883, hashtext(p_api_key_id::text));
                        v_key_bound := session_slot_bound('key', p_organization_id, p_api_key_id, p_key_max, v_unjoined_since, p_except);
                        IF v_key_bound IS NULL THEN
                            RETURN 'key';
                        END IF;
                    END IF;
                    IF p_organization_max IS NOT NULL THEN
                        v_organization_bound := session_slot_bound('organization', p_organization_id, p_organization_id, p_organization_max, v_unjoined_since, p_except);
                        IF v_organization_bound IS NULL THEN
                            RETURN 'organization';
                        END IF;
                    END IF;
                    -- Not full: the caller takes a slot (a new session, or a late join reopened).
                    IF p_key_max IS NOT NULL THEN
                        PERFORM take_session_slot('key', p_api_key_id, v_key_bound + 1);
                    END IF;
                    IF p_organization_max IS NOT NULL THEN
                        PERFORM take_session_slot('organization', p_organization_id, v_organization_bound + 1);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION reserve_session(
                    p_id uuid, p_organization_id uuid, p_agent_id uuid, p_api_key_id uuid,
                    p_room_name text, p_random_room boolean, p_identity text, p_issued_at timestamptz,
                    p_max_session_seconds integer, p_key_max integer, p_organization_max integer,
                    p_join_window_seconds integer)
                RETURNS TABLE (full_cap text, replaced_id uuid, chain_start timestamptz)
                LANGUAGE plpgsql AS $$
                DECLARE
                    v_full text := session_cap_full(p_organization_id, p_api_key_id, p_key_max, p_organization_max,
                                                    p_issued_at, p_join_window_seconds, NULL);
                    v_replaces uuid;
                    v_chain timestamptz;
                BEGIN
                    -- Visible to every instance at commit; a PostgreSQL crash may lose the last fraction
                    -- of a second of reservations, as a process crash loses rows written behind.
                    PERFORM set_config('synchronous_commit', 'off', true);
                    SELECT s.id, COALESCE(s.chain_joined_at, s.joined_at) INTO v_replaces, v_chain
                    FROM sessions AS s
                    WHERE s.room_name = p_room_name AND s.identity = p_identity AND s.ended_at IS NULL
                      AND s.organization_id = p_organization_id
                      AND (s.joined_at IS NOT NULL OR s.issued_at > p_issued_at - make_interval(secs => p_join_window_seconds))
                    ORDER BY s.issued_at DESC
                    LIMIT 1;
                    IF v_full IS NOT NULL AND v_replaces IS NULL THEN
                        RETURN QUERY SELECT v_full, NULL::uuid, NULL::timestamptz;
                        RETURN;
                    END IF;
                    INSERT INTO sessions (id, organization_id, agent_id, api_key_id, room_name, random_room, identity,
                                          issued_at, max_session_seconds, key_max_concurrent_sessions,
                                          organization_max_concurrent_sessions, replaces_session_id, chain_joined_at)
                    VALUES (p_id, p_organization_id, p_agent_id, p_api_key_id, p_room_name, p_random_room, p_identity,
                            p_issued_at, p_max_session_seconds, p_key_max, p_organization_max, v_replaces, v_chain);
                    RETURN QUERY SELECT NULL::text, v_replaces, v_chain;
                END $$;
                CREATE FUNCTION forget_session_slot_bound() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    DELETE FROM session_slot_bounds WHERE level = TG_ARGV[0] AND scope_id = NEW.id;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER organizations_session_cap_changed AFTER UPDATE OF max_concurrent_sessions ON organizations
                    FOR EACH ROW WHEN (OLD.max_concurrent_sessions IS DISTINCT FROM NEW.max_concurrent_sessions)
                    EXECUTE FUNCTION forget_session_slot_bound('organization');

                CREATE TRIGGER api_keys_session_cap_changed AFTER UPDATE OF max_concurrent_sessions ON api_keys
                    FOR EACH ROW WHEN (OLD.max_concurrent_sessions IS DISTINCT FROM NEW.max_concurrent_sessions)
                    EXECUTE FUNCTION forget_session_slot_bound('key');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER api_keys_session_cap_changed ON api_keys;
                DROP TRIGGER organizations_session_cap_changed ON organizations;
                DROP FUNCTION forget_session_slot_bound();

                CREATE OR REPLACE FUNCTION session_cap_full(
                    p_organization_id uuid, p_api_key_id uuid, p_key_max integer, p_organization_max integer,
                    p_now timestamptz, p_join_window_seconds integer, p_except uuid)
                RETURNS text LANGUAGE plpgsql AS $$
                DECLARE
                    v_unjoined_since timestamptz := p_now - make_interval(secs => p_join_window_seconds);
                BEGIN
                    IF p_organization_max IS NOT NULL THEN
                        PERFORM pg_advisory_xact_lock(1936683887, hashtext(p_organization_id::text));
                    END IF;
                    IF p_key_max IS NOT NULL THEN
                        PERFORM pg_advisory_xact_lock(1936683883, hashtext(p_api_key_id::text));
                    END IF;
                    IF p_key_max IS NOT NULL AND (
                        SELECT count(DISTINCT (s.room_name, s.identity)) FROM sessions AS s
                        WHERE s.api_key_id = p_api_key_id AND s.ended_at IS NULL AND s.id IS DISTINCT FROM p_except
                          AND (s.joined_at IS NOT NULL OR s.issued_at > v_unjoined_since)) >= p_key_max THEN
                        RETURN 'key';
                    END IF;
                    IF p_organization_max IS NOT NULL AND (
                        SELECT count(DISTINCT (s.room_name, s.identity)) FROM sessions AS s
                        WHERE s.organization_id = p_organization_id AND s.ended_at IS NULL AND s.id IS DISTINCT FROM p_except
                          AND (s.joined_at IS NOT NULL OR s.issued_at > v_unjoined_since)) >= p_organization_max THEN
                        RETURN 'organization';
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE OR REPLACE FUNCTION reserve_session(
                    p_id uuid, p_organization_id uuid, p_agent_id uuid, p_api_key_id uuid,
                    p_room_name text, p_random_room boolean, p_identity text, p_issued_at timestamptz,
                    p_max_session_seconds integer, p_key_max integer, p_organization_max integer,
                    p_join_window_seconds integer)
                RETURNS TABLE (full_cap text, replaced_id uuid, chain_start timestamptz)
                LANGUAGE plpgsql AS $$
                DECLARE
                    v_full text := session_cap_full(p_organization_id, p_api_key_id, p_key_max, p_organization_max,
                                                    p_issued_at, p_join_window_seconds, NULL);
                    v_replaces uuid;
                    v_chain timestamptz;
                BEGIN
                    SELECT s.id, COALESCE(s.chain_joined_at, s.joined_at) INTO v_replaces, v_chain
                    FROM sessions AS s
                    WHERE s.room_name = p_room_name AND s.identity = p_identity AND s.ended_at IS NULL
                      AND s.organization_id = p_organization_id
                      AND (s.joined_at IS NOT NULL OR s.issued_at > p_issued_at - make_interval(secs => p_join_window_seconds))
                    ORDER BY s.issued_at DESC
                    LIMIT 1;
                    IF v_full IS NOT NULL AND v_replaces IS NULL THEN
                        RETURN QUERY SELECT v_full, NULL::uuid, NULL::timestamptz;
                        RETURN;
                    END IF;
                    INSERT INTO sessions (id, organization_id, agent_id, api_key_id, room_name, random_room, identity,
                                          issued_at, max_session_seconds, key_max_concurrent_sessions,
                                          organization_max_concurrent_sessions, replaces_session_id, chain_joined_at)
                    VALUES (p_id, p_organization_id, p_agent_id, p_api_key_id, p_room_name, p_random_room, p_identity,
                            p_issued_at, p_max_session_seconds, p_key_max, p_organization_max, v_replaces, v_chain);
                    RETURN QUERY SELECT NULL::text, v_replaces, v_chain;
                END $$;
                DROP FUNCTION take_session_slot(text, uuid, integer);
                DROP FUNCTION session_slot_bound(text, uuid, uuid, integer, timestamptz, uuid);
                DROP TABLE session_slot_bounds;
                """);

            migrationBuilder.DropIndex(
                name: "ix_sessions_ended_issued_at",
                table: "sessions");

            migrationBuilder.DropIndex(
                name: "ix_sessions_open_organization_key",
                table: "sessions");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_agent_id",
                table: "sessions",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_issued_at",
                table: "sessions",
                column: "issued_at");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_api_key_id",
                table: "sessions",
                column: "api_key_id",
                filter: "ended_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_organization_id",
                table: "sessions",
                column: "organization_id",
                filter: "ended_at IS NULL");

            migrationBuilder.AddForeignKey(
                name: "fk_sessions_agents_agent_id",
                table: "sessions",
                column: "agent_id",
                principalTable: "agents",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_sessions_api_keys_api_key_id",
                table: "sessions",
                column: "api_key_id",
                principalTable: "api_keys",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_sessions_organizations_organization_id",
                table: "sessions",
                column: "organization_id",
                principalTable: "organizations",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
