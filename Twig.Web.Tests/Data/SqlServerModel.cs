using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Tests.Data;

/// <summary>The production model and its migrations, built without a server (nothing here opens a connection).</summary>
internal static class SqlServerModel
{
    public static SqlServerTwigDb Create() =>
        new(new DbContextOptionsBuilder<SqlServerTwigDb>()
            .UseSqlServer("Server=localhost;Database=Twig;Connect Timeout=1;TrustServerCertificate=True", sql => sql.EnableRetryOnFailure())
            .Options);

    public static SqliteTwigDb CreateSqlite() =>
        new(new DbContextOptionsBuilder<SqliteTwigDb>().UseSqlite("Data Source=:memory:").Options);
}
