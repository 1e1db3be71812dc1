using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agentsgt.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Sessions and their caps. Two functions make a capped reservation exact across instances in
    /// one round trip: <c>session_cap_full</c> takes advisory transaction locks (organization, then
    /// key, each in its own lock class, so no two callers can wait on each other in a cycle) and
    /// counts the open sessions holding a slot; <c>reserve_session</c> inserts the row only when
    /// neither cap is full. A rejoin (an open session holding a slot for the same room and identity)
    /// needs no free slot, and a chain counts once: slots are distinct (room, identity) pairs.
    /// </summary>
    public partial class Sessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "max_concurrent_sessions",
                table: "organizations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "max_session_seconds",
                table: "organizations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "max_concurrent_sessions",
                table: "api_keys",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "max_session_seconds",
                table: "api_keys",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "finished_rooms",
                columns: table => new
                {
                    room_sid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_finished_rooms", x => x.room_sid);
                });

            migrationBuilder.CreateTable(
                name: "processed_webhook_events",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_processed_webhook_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    api_key_id = table.Column<Guid>(type: "uuid", nullable: true),
                    room_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    random_room = table.Column<bool>(type: "boolean", nullable: false),
                    room_sid = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    identity = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    issued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    end_reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    max_session_seconds = table.Column<int>(type: "integer", nullable: true),
                    key_max_concurrent_sessions = table.Column<int>(type: "integer", nullable: true),
                    organization_max_concurrent_sessions = table.Column<int>(type: "integer", nullable: true),
                    replaces_session_id = table.Column<Guid>(type: "uuid", nullable: true),
                    chain_joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    missed_listings = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    warned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sessions", x => x.id);
                    table.CheckConstraint("ck_sessions_end_reason", "end_reason IN ('left', 'room_finished', 'duration_cap', 'over_cap', 'never_joined', 'reconciled', 'expired')");
                    table.CheckConstraint("ck_sessions_ended", "(ended_at IS NULL) = (end_reason IS NULL)");
                    table.CheckConstraint("ck_sessions_issued", "(api_key_id IS NULL) = (max_session_seconds IS NULL)");
                    table.ForeignKey(
                        name: "fk_sessions_agents_agent_id",
                        column: x => x.agent_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sessions_api_keys_api_key_id",
                        column: x => x.api_key_id,
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_sessions_organizations_organization_id",
                        column: x => x.organization_id,
                        principalTable: "organizations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_organizations_session_caps",
                table: "organizations",
                sql: "max_concurrent_sessions >= 1 AND max_session_seconds >= 1");

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_session_caps",
                table: "api_keys",
                sql: "max_concurrent_sessions >= 1 AND max_session_seconds >= 1");

            migrationBuilder.CreateIndex(
                name: "ix_finished_rooms_received_at",
                table: "finished_rooms",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_processed_webhook_events_received_at",
                table: "processed_webhook_events",
                column: "received_at");

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
                name: "ix_sessions_open_chain_joined_at",
                table: "sessions",
                column: "chain_joined_at",
                filter: "ended_at IS NULL AND joined_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_organization_id",
                table: "sessions",
                column: "organization_id",
                filter: "ended_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_room_identity",
                table: "sessions",
                columns: new[] { "room_name", "identity" },
                filter: "ended_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_room_sid",
                table: "sessions",
                column: "room_sid",
                filter: "ended_at IS NULL AND room_sid IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_open_unjoined_issued_at",
                table: "sessions",
                column: "issued_at",
                filter: "ended_at IS NULL AND joined_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sessions_organization_issued",
                table: "sessions",
                columns: new[] { "organization_id", "issued_at", "id" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_sessions_organization_joined",
                table: "sessions",
                columns: new[] { "organization_id", "joined_at" },
                filter: "joined_at IS NOT NULL");

            migrationBuilder.Sql("""
                CREATE FUNCTION session_cap_full(
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

                CREATE FUNCTION reserve_session(
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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION reserve_session(uuid, uuid, uuid, uuid, text, boolean, text, timestamptz, integer, integer, integer, integer);
                DROP FUNCTION session_cap_full(uuid, uuid, integer, integer, timestamptz, integer, uuid);
                """);


            migrationBuilder.DropTable(
                name: "finished_rooms");

            migrationBuilder.DropTable(
                name: "processed_webhook_events");

            migrationBuilder.DropTable(
                name: "sessions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_organizations_session_caps",
                table: "organizations");

            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_session_caps",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "max_concurrent_sessions",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "max_session_seconds",
                table: "organizations");

            migrationBuilder.DropColumn(
                name: "max_concurrent_sessions",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "max_session_seconds",
                table: "api_keys");
        }
    }
}
