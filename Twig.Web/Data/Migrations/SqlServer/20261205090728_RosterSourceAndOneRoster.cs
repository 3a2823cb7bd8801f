using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RosterSourceAndOneRoster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RetiringRosterSource",
                table: "Districts",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RosterSource",
                table: "Districts",
                type: "int",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RetiringRosterSource",
                table: "Districts");

            migrationBuilder.DropColumn(
                name: "RosterSource",
                table: "Districts");
        }
    }
}
