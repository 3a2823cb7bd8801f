using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class DataStewardship : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DeletedAt",
                table: "Districts",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DistrictDeletions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DistrictId = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DueAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CancelledBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    CompletedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: true),
                    CountsJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ExportSha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    ExportCreatedAt = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DistrictDeletions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DistrictDeletions_Districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "Districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DistrictExports",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    DistrictId = table.Column<int>(type: "int", nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    ClaimedBy = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ProgressDone = table.Column<int>(type: "int", nullable: false),
                    ProgressTotal = table.Column<int>(type: "int", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ExpiresAt = table.Column<DateTime>(type: "datetime2", nullable: true),
                    SizeBytes = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Message = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DistrictExports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DistrictExports_Districts_DistrictId",
                        column: x => x.DistrictId,
                        principalTable: "Districts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DistrictExportFiles",
                columns: table => new
                {
                    DistrictExportId = table.Column<int>(type: "int", nullable: false),
                    Content = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DistrictExportFiles", x => x.DistrictExportId);
                    table.ForeignKey(
                        name: "FK_DistrictExportFiles_DistrictExports_DistrictExportId",
                        column: x => x.DistrictExportId,
                        principalTable: "DistrictExports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DistrictDeletions_DistrictId_RequestedAt",
                table: "DistrictDeletions",
                columns: new[] { "DistrictId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DistrictDeletions_Status_DueAt",
                table: "DistrictDeletions",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DistrictExports_DistrictId_RequestedAt",
                table: "DistrictExports",
                columns: new[] { "DistrictId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DistrictExports_Status_RequestedAt",
                table: "DistrictExports",
                columns: new[] { "Status", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DistrictDeletions");

            migrationBuilder.DropTable(
                name: "DistrictExportFiles");

            migrationBuilder.DropTable(
                name: "DistrictExports");

            migrationBuilder.DropColumn(
                name: "DeletedAt",
                table: "Districts");
        }
    }
}
