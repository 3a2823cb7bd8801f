using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecurityCodeLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "UsedSignInCodes",
                columns: table => new
                {
                    CodeHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    SeenAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsedSignInCodes", x => x.CodeHash);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsedSignInCodes_SeenAt",
                table: "UsedSignInCodes",
                column: "SeenAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UsedSignInCodes");
        }
    }
}
