using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Twig.Web.Data;

public sealed class SqliteTwigDb(DbContextOptions<SqliteTwigDb> options) : TwigDb(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        NameOrder.Map(builder, sqlite: true);
    }
}

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the app.</summary>
internal sealed class SqliteTwigDbDesignFactory : IDesignTimeDbContextFactory<SqliteTwigDb>
{
    public SqliteTwigDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTwigDb>().UseSqlite("Data Source=design.db").Options);
}
