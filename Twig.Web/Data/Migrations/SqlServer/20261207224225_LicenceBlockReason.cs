using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Twig.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LicenceBlockReason : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LicenceBlockReason",
                table: "SyncRuns",
                type: "int",
                nullable: true);

            // Runs blocked before the reason was recorded get it from the refusal their message quotes (the licence check's own
            // words), so the block still standing gives the right advice: 1 too many students, 2 expired, 3 no subscription.
            migrationBuilder.Sql("UPDATE [SyncRuns] SET [LicenceBlockReason] = CASE " +
                "WHEN [Message] LIKE '%students would be active;%' THEN 1 " +
                "WHEN [Message] LIKE '%has no subscription%' THEN 3 WHEN [Message] LIKE '%subscription%expired%' THEN 2 END " +
                "WHERE [Status] = 6;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LicenceBlockReason",
                table: "SyncRuns");
        }
    }
}
