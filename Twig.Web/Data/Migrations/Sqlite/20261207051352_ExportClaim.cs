using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExportClaim : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntil",
                table: "DistrictExports",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "DistrictExports");
        }
    }
}
