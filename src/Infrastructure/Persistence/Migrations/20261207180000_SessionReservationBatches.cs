using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agentsgt.Infrastructure.Persistence.Migrations
{
    /// <summary>One call, transaction and insert for every reservation an instance has waiting, each decided alone
    /// in the bound rows' lock order; <c>reserve_session</c> stays for the previous release's instances.</summary>
    public partial class SessionReservationBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION insert_reserved_sessions(
                    p_ordinals integer[], p_ids uuid[], p_organization_ids uuid[], p_agent_ids uuid[], p_api_key_ids uuid[],
                    p_room_names text[], p_random_rooms boolean[], p_identities text[], p_issued_at timestamptz[],
                    p_max_session_seconds integer[], p_key_max integer[], p_organization_max integer[],
                    p_replaced uuid[], p_chain_starts timestamptz[])
                RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO sessions (id, organization_id, agent_id, api_key_id, room_name, random_room, identity,
                                          issued_at, max_session_seconds, key_max_concurrent_sessions,
                                          organization_max_concurrent_sessions, replaces_session_id, chain_joined_at)
                    SELECT p_ids[o], p_organization_ids[o], p_agent_ids[o], p_api_key_ids[o], p_room_names[o], p_random_rooms[o],
                           p_identities[o], p_issued_at[o], p_max_session_seconds[o], p_key_max[o], p_organization_max[o],
                           p_replaced[o], p_chain_starts[o]
                    FROM unnest(p_ordinals) AS o;
                END $$;

                CREATE FUNCTION reserve_sessions(
                    p_ids uuid[], p_organization_ids uuid[], p_agent_ids uuid[], p_api_key_ids uuid[],
                    p_room_names text[], p_random_rooms boolean[], p_identities text[], p_may_continue boolean[],
                    p_issued_at timestamptz[], p_max_session_seconds integer[], p_key_max integer[], p_organization_max integer[],
                    p_join_window_seconds integer[])
                RETURNS TABLE (ordinal integer, full_cap text, replaced_id uuid)
                LANGUAGE plpgsql AS $$
                DECLARE
                    v_i integer;
                    v_below boolean;
                    v_full text;
                    v_chain timestamptz;
                    v_owner uuid;
                    v_replaced uuid[] := array_fill(NULL::uuid, ARRAY[cardinality(p_ids)]);
                    v_chains timestamptz[] := array_fill(NULL::timestamptz, ARRAY[cardinality(p_ids)]);
                    v_pending integer[] := '{}';
                BEGIN
                    -- Visible to every instance at commit; a PostgreSQL crash may lose the last fraction of a second
                    -- of reservations, as a process crash loses rows written behind. No plan scans the bound table.
                    PERFORM set_config('synchronous_commit', 'off', true), set_config('enable_seqscan', 'off', true);
                    -- Bound rows are locked in one order by every reservation (each organization's, then its keys'),
                    -- so batches from several instances never wait on each other in a cycle.
                    FOR v_i IN
                        SELECT u.n FROM unnest(p_organization_ids, p_api_key_ids) WITH ORDINALITY AS u(organization_id, api_key_id, n)
                        ORDER BY u.organization_id, u.api_key_id, u.n
                    LOOP
                        -- Fast path: each bound stays an upper bound when raised under its row's lock, so a bound
                        -- below its cap is a free slot without a count.
                        v_below := true;
                        v_full := NULL;
                        replaced_id := NULL;
                        v_chain := NULL;
                        IF p_organization_max[v_i] IS NOT NULL THEN
                            UPDATE session_slot_bounds AS b SET open_slots = b.open_slots + 1
                            WHERE b.level = 'organization' AND b.scope_id = p_organization_ids[v_i] AND b.open_slots < p_organization_max[v_i];
                            v_below := FOUND;
                        END IF;
                        IF v_below AND p_key_max[v_i] IS NOT NULL THEN
                            UPDATE session_slot_bounds AS b SET open_slots = b.open_slots + 1
                            WHERE b.level = 'key' AND b.scope_id = p_api_key_ids[v_i] AND b.open_slots < p_key_max[v_i];
                            v_below := FOUND;
                            IF NOT v_below AND p_organization_max[v_i] IS NOT NULL THEN
                                -- Given back under the lock this transaction holds: the recount decides instead.
                                UPDATE session_slot_bounds AS b SET open_slots = b.open_slots - 1
                                WHERE b.level = 'organization' AND b.scope_id = p_organization_ids[v_i];
                            END IF;
                        END IF;
                        -- A recount or a lookup reads the ledger, so the batch's reservations so far are written first.
                        IF (NOT v_below OR p_may_continue[v_i]) AND cardinality(v_pending) > 0 THEN
                            PERFORM insert_reserved_sessions(v_pending, p_ids, p_organization_ids, p_agent_ids, p_api_key_ids,
                                p_room_names, p_random_rooms, p_identities, p_issued_at, p_max_session_seconds, p_key_max,
                                p_organization_max, v_replaced, v_chains);
                            v_pending := '{}';
                        END IF;
                        IF NOT v_below THEN
                            v_full := session_cap_full(p_organization_ids[v_i], p_api_key_ids[v_i], p_key_max[v_i],
                                                       p_organization_max[v_i], p_issued_at[v_i], p_join_window_seconds[v_i], NULL);
                        END IF;
                        -- A generated identity has no session to continue. By room and identity alone (a room's name
                        -- carries its organization, checked after); never a reservation that arrived later in this call.
                        IF p_may_continue[v_i] THEN
                            SELECT s.id, COALESCE(s.chain_joined_at, s.joined_at), s.organization_id INTO replaced_id, v_chain, v_owner
                            FROM sessions AS s
                            WHERE s.room_name = p_room_names[v_i] AND s.identity = p_identities[v_i] AND s.ended_at IS NULL
                              AND s.id <> ALL (p_ids[v_i + 1:])
                              AND (s.joined_at IS NOT NULL
                                   OR s.issued_at > p_issued_at[v_i] - make_interval(secs => p_join_window_seconds[v_i]))
                            ORDER BY s.issued_at DESC
                            LIMIT 1;
                            IF v_owner IS DISTINCT FROM p_organization_ids[v_i] THEN
                                replaced_id := NULL;
                                v_chain := NULL;
                            END IF;
                        END IF;
                        ordinal := v_i;
                        full_cap := NULL;
                        IF v_full IS NOT NULL AND replaced_id IS NULL THEN
                            full_cap := v_full;
                        ELSE
                            v_replaced[v_i] := replaced_id;
                            v_chains[v_i] := v_chain;
                            v_pending := v_pending || v_i;
                        END IF;
                        RETURN NEXT;
                    END LOOP;
                    IF cardinality(v_pending) > 0 THEN
                        PERFORM insert_reserved_sessions(v_pending, p_ids, p_organization_ids, p_agent_ids, p_api_key_ids,
                            p_room_names, p_random_rooms, p_identities, p_issued_at, p_max_session_seconds, p_key_max,
                            p_organization_max, v_replaced, v_chains);
                    END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION reserve_sessions(uuid[], uuid[], uuid[], uuid[], text[], boolean[], text[], boolean[], timestamptz[], integer[], integer[], integer[], integer[]);
                DROP FUNCTION insert_reserved_sessions(integer[], uuid[], uuid[], uuid[], uuid[], text[], boolean[], text[], timestamptz[], integer[], integer[], integer[], uuid[], timestamptz[]);
                """);
        }
    }
}
