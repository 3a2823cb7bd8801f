using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ClassesCreated",
                table: "CsvImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ClassesDeactivated",
                table: "CsvImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ClassesFileName",
                table: "CsvImports",
                type: "TEXT",
                maxLength: 260,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ClassesOnly",
                table: "CsvImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ClassesSha256",
                table: "CsvImports",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClassesSizeBytes",
                table: "CsvImports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ClassesUnchanged",
                table: "CsvImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "ClassesUpdated",
                table: "CsvImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "EnrollmentsAdded",
                table: "CsvImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "EnrollmentsRemoved",
                table: "CsvImports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "File",
                table: "CsvImportIssues",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "ClassesContent",
                table: "CsvImportFiles",
                type: "BLOB",
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
