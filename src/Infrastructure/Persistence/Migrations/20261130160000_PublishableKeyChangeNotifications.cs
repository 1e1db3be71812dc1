using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agentsgt.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Every instance's CORS origin set follows publishable keys within a second: a change to one
    /// (created, revoked, its origins or expiry changed, deleted) sends a NOTIFY on
    /// <c>agentsgt_publishable_keys</c>, delivered when, and only if, its transaction commits.
    /// <c>last_used_at</c> writes do not fire it.
    /// </summary>
    public partial class PublishableKeyChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_publishable_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('agentsgt_publishable_keys', '');
                    RETURN NULL;
                END $$;

                -- One trigger per event: NEW does not exist in a DELETE trigger's WHEN, nor OLD in an INSERT's.
                CREATE TRIGGER api_keys_publishable_insert
                    AFTER INSERT ON api_keys
                    FOR EACH ROW WHEN (NEW.kind = 'publishable')
                    EXECUTE FUNCTION notify_publishable_key_change();

                CREATE TRIGGER api_keys_publishable_delete
                    AFTER DELETE ON api_keys
                    FOR EACH ROW WHEN (OLD.kind = 'publishable')
                    EXECUTE FUNCTION notify_publishable_key_change();

                CREATE TRIGGER api_keys_publishable_update
                    AFTER UPDATE OF revoked_at, expires_at, allowed_origins, kind ON api_keys
                    FOR EACH ROW WHEN ((OLD.kind = 'publishable' OR NEW.kind = 'publishable')
                        AND (OLD.revoked_at, OLD.expires_at, OLD.allowed_origins, OLD.kind)
                            IS DISTINCT FROM (NEW.revoked_at, NEW.expires_at, NEW.allowed_origins, NEW.kind))
                    EXECUTE FUNCTION notify_publishable_key_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER api_keys_publishable_update ON api_keys;
                DROP TRIGGER api_keys_publishable_delete ON api_keys;
                DROP TRIGGER api_keys_publishable_insert ON api_keys;
                DROP FUNCTION notify_publishable_key_change();
                """);
        }
    }
}
