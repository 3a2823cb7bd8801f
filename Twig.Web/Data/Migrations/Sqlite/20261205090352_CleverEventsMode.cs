using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ModeReason",
                table: "SyncRuns",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CleverEventsCursorAt",
                table: "Districts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CleverEventsMode",
                table: "Districts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "CleverLastEventId",
                table: "Districts",
                type: "TEXT",
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
