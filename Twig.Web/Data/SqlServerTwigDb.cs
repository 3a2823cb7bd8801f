using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Twig.Web.Data;

public sealed class SqlServerTwigDb(DbContextOptions<SqlServerTwigDb> options) : TwigDb(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // SQLite compares text in binary already; SQL Server needs it said per column (see OrdinalKeys).
        foreach (var property in OrdinalKeys.In(builder.Model)) property.SetCollation(OrdinalKeys.SqlServerCollation);
        NameOrder.Map(builder, sqlite: false);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQL Server model and script without a server.</summary>
internal sealed class SqlServerTwigDbDesignFactory : IDesignTimeDbContextFactory<SqlServerTwigDb>
{
    public SqlServerTwigDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerTwigDb>()
            .UseSqlServer("Server=localhost;Database=Twig;Trusted_Connection=True;Connect Timeout=1;TrustServerCertificate=True")
            .Options);
}
