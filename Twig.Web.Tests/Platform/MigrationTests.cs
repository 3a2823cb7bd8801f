using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Twig.Web.Data;

namespace Twig.Web.Tests.Platform;

/// <summary>Both engines own complete migrations for the one model; SQL Server's script generates without a server.</summary>
public sealed class MigrationTests
{
    private static SqliteTwigDb Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteTwigDb>().UseSqlite("Data Source=:memory:").Options);

    private static SqlServerTwigDb SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerTwigDb>().UseSqlServer("Server=localhost;Database=Twig;Connect Timeout=1;TrustServerCertificate=True").Options);

    [Fact]
    public void Sqlite_migrations_cover_the_model()
    {
        using var db = Sqlite();
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void SqlServer_migrations_cover_the_model()
    {
        using var db = SqlServer();
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public void SqlServer_idempotent_script_generates()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("CREATE TABLE [People]", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_People_DistrictId_Source_ExternalId]", script);
    }

    [Fact]
    public void Each_provider_keeps_its_migrations_apart()
    {
        using var sqlite = Sqlite();
        using var sqlServer = SqlServer();
        var sqliteIds = sqlite.Database.GetMigrations().ToHashSet();
        Assert.DoesNotContain(sqlServer.Database.GetMigrations(), sqliteIds.Contains);
    }

    [Fact]
    public void Runs_blocked_before_reasons_were_recorded_get_theirs_from_the_refusal_they_quote()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = new SqliteTwigDb(new DbContextOptionsBuilder<SqliteTwigDb>().UseSqlite(connection).Options);
        var migrator = db.GetService<IMigrator>();
        var before = db.Database.GetMigrations().TakeWhile(m => !m.EndsWith("_LicenceBlockReason", StringComparison.Ordinal)).Last();
        migrator.Migrate(before);
        db.Database.ExecuteSqlRaw("PRAGMA foreign_keys = OFF;");
        string[] messages =
        [
            "Blocked by the licence: 748 students would be active; 700 are licensed. Nothing was applied.",
            "Blocked by the licence: The subscription expired on Jun 30, 2026; syncs and imports are paused until it is renewed. " +
                "Nothing was applied.",
            "Blocked by the licence: The subscription has expired; syncs and imports are paused until it is renewed. Nothing was applied.",
            "Blocked by the licence: The district has no subscription; syncs and imports start once Twig support sets one up. " +
                "Nothing was applied.",
        ];
        foreach (var (message, status) in messages.Select(m => (m, 6)).Append(("Synced 3 people.", 3)))
            db.Database.ExecuteSql($"""
                INSERT INTO "SyncRuns" ("DistrictId", "Trigger", "RequestedBy", "RequestedAt", "Status", "Phase", "ProgressDone",
                    "ProgressTotal", "Mode", "Message") VALUES (1, 3, 'owner', '2026-12-01 00:00:00', {status}, 6, 0, 0, 0, {message})
                """);

        migrator.Migrate();

        var reasons = db.Database.SqlQueryRaw<int?>("SELECT \"LicenceBlockReason\" AS \"Value\" FROM \"SyncRuns\" ORDER BY \"Id\"")
            .ToList();
        Assert.Equal([1, 2, 2, 3, null], reasons);
    }
}
