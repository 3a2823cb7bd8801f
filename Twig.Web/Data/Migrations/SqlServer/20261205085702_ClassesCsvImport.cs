using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ClassesCsvImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ClassRowCount",
                table: "CsvImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ClassesCreated",
                table: "CsvImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ClassesDeactivated",
                table: "CsvImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ClassesFileName",
                table: "CsvImports",
                type: "nvarchar(260)",
                maxLength: 260,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ClassesOnly",
                table: "CsvImports",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ClassesSha256",
                table: "CsvImports",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClassesSizeBytes",
                table: "CsvImports",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ClassesUnchanged",
                table: "CsvImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ClassesUpdated",
                table: "CsvImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "EnrollmentsAdded",
                table: "CsvImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "EnrollmentsRemoved",
                table: "CsvImports",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "File",
                table: "CsvImportIssues",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "ClassesContent",
                table: "CsvImportFiles",
                type: "varbinary(max)",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ClassRowCount",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "ClassesCreated",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "ClassesDeactivated",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "ClassesFileName",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "ClassesOnly",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "ClassesSha256",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "ClassesSizeBytes",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "ClassesUnchanged",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "ClassesUpdated",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "EnrollmentsAdded",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "EnrollmentsRemoved",
                table: "CsvImports");

            migrationBuilder.DropColumn(
                name: "File",
                table: "CsvImportIssues");

            migrationBuilder.DropColumn(
                name: "ClassesContent",
                table: "CsvImportFiles");
        }
    }
}
