using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agentsgt.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AgentLiveKitAgentName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "livekit_agent_name",
                table: "agents",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "livekit_agent_name",
                table: "agents");
        }
    }
}
