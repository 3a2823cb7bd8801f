using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RecordHashes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MembershipHash",
                table: "Sections",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RecordHash",
                table: "Sections",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RecordHash",
                table: "Schools",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RecordHash",
                table: "People",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "MembershipHash",
                table: "Sections");

            migrationBuilder.DropColumn(
                name: "RecordHash",
                table: "Sections");

            migrationBuilder.DropColumn(
                name: "RecordHash",
                table: "Schools");

            migrationBuilder.DropColumn(
                name: "RecordHash",
                table: "People");
        }
    }
}
