using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Twig.Web.Data;

public sealed class SqliteTwigDb(DbContextOptions<SqliteTwigDb> options) : TwigDb(options);

/// <summary>Lets <c>dotnet ef</c> build the SQLite model without starting the app.</summary>
internal sealed class SqliteTwigDbDesignFactory : IDesignTimeDbContextFactory<SqliteTwigDb>
{
    public SqliteTwigDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTwigDb>().UseSqlite("Data Source=design.db").Options);
}
