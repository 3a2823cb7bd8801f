using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CleverEventsMode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Mode",
                table: "SyncRuns",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ModeReason",
                table: "SyncRuns",
                type: "nvarchar(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CleverEventsCursorAt",
                table: "Districts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CleverEventsMode",
                table: "Districts",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CleverLastEventId",
                table: "Districts",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Mode",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "ModeReason",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "CleverEventsCursorAt",
                table: "Districts");

            migrationBuilder.DropColumn(
                name: "CleverEventsMode",
                table: "Districts");

            migrationBuilder.DropColumn(
                name: "CleverLastEventId",
                table: "Districts");
        }
    }
}
