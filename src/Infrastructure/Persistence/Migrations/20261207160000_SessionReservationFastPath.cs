using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agentsgt.Infrastructure.Persistence.Migrations
{
    /// <summary>A bound below its cap is raised under its row's lock, with no count; a recount locks the
    /// same rows in the same order (a missing one created at a value that forces the count).</summary>
    public partial class SessionReservationFastPath : Migration
    {
        // The function as this migration leaves it; SessionLookupPlans restores it on the way down.
        internal const string ReserveSessionSql = """
            CREATE OR REPLACE FUNCTION reserve_session(
                p_id uuid, p_organization_id uuid, p_agent_id uuid, p_api_key_id uuid,
                p_room_name text, p_random_room boolean, p_identity text, p_issued_at timestamptz,
                p_max_session_seconds integer, p_key_max integer, p_organization_max integer,
                p_join_window_seconds integer)
            RETURNS TABLE (full_cap text, replaced_id uuid, chain_start timestamptz)
            LANGUAGE plpgsql AS $$
            DECLARE
                v_below boolean := true;
                v_full text;
            BEGIN
                -- Visible to every instance at commit; a PostgreSQL crash may lose the last fraction
                -- of a second of reservations, as a process crash loses rows written behind.
                PERFORM set_config('synchronous_commit', 'off', true);
                -- Fast path: each bound stays an upper bound when raised under its row's lock, so a bound
                -- below its cap is a free slot without a count or an advisory lock.
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
                SELECT s.id, COALESCE(s.chain_joined_at, s.joined_at) INTO replaced_id, chain_start
                FROM sessions AS s
                WHERE s.room_name = p_room_name AND s.identity = p_identity AND s.ended_at IS NULL
                  AND s.organization_id = p_organization_id
                  AND (s.joined_at IS NOT NULL OR s.issued_at > p_issued_at - make_interval(secs => p_join_window_seconds))
                ORDER BY s.issued_at DESC
                LIMIT 1;
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
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION lock_session_slot_bound(p_level text, p_scope_id uuid)
                RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO session_slot_bounds (level, scope_id, open_slots) VALUES (p_level, p_scope_id, 2147483647)
                    ON CONFLICT (level, scope_id) DO NOTHING;
                    PERFORM FROM session_slot_bounds AS b WHERE b.level = p_level AND b.scope_id = p_scope_id FOR UPDATE;
                END $$;

                CREATE OR REPLACE FUNCTION session_cap_full(
                    p_organization_id uuid, p_api_key_id uuid, p_key_max integer, p_organization_max integer,
                    p_now timestamptz, p_join_window_seconds integer, p_except uuid)
                RETURNS text LANGUAGE plpgsql AS $$
                DECLARE
                    v_unjoined_since timestamptz := p_now - make_interval(secs => p_join_window_seconds);
                    v_key_bound integer;
                    v_organization_bound integer;
                BEGIN
                    -- The bound rows' locks alone order every reservation: organization, then key, as in
                    -- reserve_session; a new row holds the largest integer, so it is counted before use.
                    IF p_organization_max IS NOT NULL THEN
                        PERFORM lock_session_slot_bound('organization', p_organization_id);
                    END IF;
                    IF p_key_max IS NOT NULL THEN
                        PERFORM lock_session_slot_bound('key', p_api_key_id);
                    END IF;
                    IF p_key_max IS NOT NULL THEN
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
                """);
            migrationBuilder.Sql(ReserveSessionSql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
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

                DROP FUNCTION lock_session_slot_bound(text, uuid);
                """);
        }
    }
}
