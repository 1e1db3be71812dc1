using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agentsgt.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PublishableKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<byte[]>(
                name: "secret_hash",
                table: "api_keys",
                type: "bytea",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "bytea");

            migrationBuilder.AlterColumn<string>(
                name: "pepper_id",
                table: "api_keys",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<Guid[]>(
                name: "allowed_agent_ids",
                table: "api_keys",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'::uuid[]");

            migrationBuilder.AddColumn<string[]>(
                name: "allowed_origins",
                table: "api_keys",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "kind",
                table: "api_keys",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "secret");

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_kind",
                table: "api_keys",
                sql: "kind IN ('secret', 'publishable')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_api_keys_kind_shape",
                table: "api_keys",
                sql: "(kind = 'secret' AND secret_hash IS NOT NULL AND pepper_id IS NOT NULL AND cardinality(allowed_origins) = 0 AND cardinality(allowed_agent_ids) = 0) OR (kind = 'publishable' AND secret_hash IS NULL AND pepper_id IS NULL AND cardinality(allowed_origins) > 0)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The old schema cannot hold a key without a secret hash.
            migrationBuilder.Sql("DELETE FROM api_keys WHERE kind = 'publishable';");

            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_kind",
                table: "api_keys");

            migrationBuilder.DropCheckConstraint(
                name: "ck_api_keys_kind_shape",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "allowed_agent_ids",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "allowed_origins",
                table: "api_keys");

            migrationBuilder.DropColumn(
                name: "kind",
                table: "api_keys");

            migrationBuilder.AlterColumn<byte[]>(
                name: "secret_hash",
                table: "api_keys",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "bytea",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "pepper_id",
                table: "api_keys",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);
        }
    }
}
