using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ConnectionLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NightlyPauseReason",
                table: "Districts",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NightlyPausedAt",
                table: "Districts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NightlyPausedBy",
                table: "Districts",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "NightlyPausedUntil",
                table: "Districts",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastCheckedAt",
                table: "CleverConnections",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastUnauthorizedAt",
                table: "CleverConnections",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NightlyPauseReason",
                table: "Districts");

            migrationBuilder.DropColumn(
                name: "NightlyPausedAt",
                table: "Districts");

            migrationBuilder.DropColumn(
                name: "NightlyPausedBy",
                table: "Districts");

            migrationBuilder.DropColumn(
                name: "NightlyPausedUntil",
                table: "Districts");

            migrationBuilder.DropColumn(
                name: "LastCheckedAt",
                table: "CleverConnections");

            migrationBuilder.DropColumn(
                name: "LastUnauthorizedAt",
                table: "CleverConnections");
        }
    }
}
