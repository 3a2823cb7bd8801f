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
}
