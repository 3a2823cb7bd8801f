using Microsoft.SqlServer.TransactSql.ScriptDom;
using Twig.Web.Data;

namespace Twig.Web.Tests.Data;

/// <summary>
/// The start-up and <c>/health/ready</c> check of READ_COMMITTED_SNAPSHOT: a one-row query (checked as T-SQL
/// here, run for real when the suite runs against SQL Server) and a pure decision.
/// </summary>
public sealed class ReadCommittedSnapshotTests
{
    [Fact]
    public void The_check_reads_one_bit_of_the_current_database()
    {
        var (fragment, errors) = TSql.Parse(ReadCommittedSnapshot.Query);

        Assert.True(errors.Count == 0, TSql.Describe(errors, "query"));
        var select = Assert.IsType<SelectStatement>(Assert.Single(Assert.Single(((TSqlScript)fragment).Batches).Statements));
        var query = Assert.IsType<QuerySpecification>(select.QueryExpression);
        var column = Assert.IsType<SelectScalarExpression>(Assert.Single(query.SelectElements));
        Assert.Equal("Value", column.ColumnName.Value); // the name EF's SqlQueryRaw<bool> reads
        var table = Assert.IsType<NamedTableReference>(Assert.Single(query.FromClause.TableReferences));
        Assert.Equal(("sys", "databases"), (table.SchemaObject.SchemaIdentifier.Value, table.SchemaObject.BaseIdentifier.Value));
        Assert.Contains("DB_ID()", ReadCommittedSnapshot.Query);
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, true, false)]
    [InlineData(DatabaseProvider.SqlServer, false, true)]
    [InlineData(DatabaseProvider.SqlServer, null, true)]
    [InlineData(DatabaseProvider.Sqlite, null, false)]
    [InlineData(DatabaseProvider.Sqlite, false, false)]
    public void Only_a_SqlServer_database_without_snapshot_reads_is_refused(DatabaseProvider provider, bool? snapshotOn, bool refused)
    {
        var problem = ReadCommittedSnapshot.Problem(provider, snapshotOn);

        Assert.Equal(refused, problem is not null);
        if (refused) Assert.Contains("READ_COMMITTED_SNAPSHOT ON", problem);
        if (refused) Assert.DoesNotContain("\n", problem);
    }
}
