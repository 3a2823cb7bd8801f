using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Data;

/// <summary>The harness's own SQL Server statements run only when a server exists: they are checked as T-SQL here.</summary>
public sealed class TestDatabaseSqlTests
{
    [Fact]
    public void Creating_and_dropping_a_test_database_are_valid_TSql()
    {
        var name = $"twig-tests-{Guid.NewGuid():N}";

        foreach (var sql in new[] { TestDatabase.CreateSql(name), TestDatabase.DropSql(name) })
        {
            var (_, errors) = TSql.Parse(sql);
            Assert.True(errors.Count == 0, TSql.Describe(errors, sql));
            Assert.Contains($"[{name}]", sql);
        }
    }
}
