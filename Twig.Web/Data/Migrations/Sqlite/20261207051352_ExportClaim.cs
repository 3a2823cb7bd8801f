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

            // An export an instance of the previous version is still building (Running) keeps it for the claim's hour, so a
            // new instance started by the same deploy does not build it a second time beside it.
            migrationBuilder.Sql("UPDATE \"DistrictExports\" SET \"ClaimedUntil\" = strftime('%Y-%m-%d %H:%M:%f', 'now', '+1 hour') WHERE \"Status\" = 2;");
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
