using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CleverSyncQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ApprovedHeldRunId",
                table: "SyncRuns",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NotBefore",
                table: "SyncRuns",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "HeldDeactivations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    SyncRunId = table.Column<int>(type: "int", nullable: false),
                    EntityType = table.Column<int>(type: "int", nullable: false),
                    ExternalId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    DisplayName = table.Column<string>(type: "nvarchar(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldDeactivations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HeldDeactivations_SyncRuns_SyncRunId",
                        column: x => x.SyncRunId,
                        principalTable: "SyncRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_OneActivePerDistrict",
                table: "SyncRuns",
                column: "DistrictId",
                unique: true,
                filter: "\"Status\" IN (1, 2)");

            migrationBuilder.CreateIndex(
                name: "IX_HeldDeactivations_SyncRunId_EntityType",
                table: "HeldDeactivations",
                columns: new[] { "SyncRunId", "EntityType" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HeldDeactivations");

            migrationBuilder.DropIndex(
                name: "IX_SyncRuns_OneActivePerDistrict",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "ApprovedHeldRunId",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "NotBefore",
                table: "SyncRuns");
        }
    }
}
