
namespace Twig.Web.Tests.SqlServer;

/// <summary>The dry run's collation guard finds what SQL Server would refuse, and only that.</summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class CollationCheckTests(SqlServerDryRun dryRun)
{
    private List<string> Conflicts(string sql)
    {
        dryRun.Reset();
        var check = dryRun.Database.Collations!;
        var script = DryRunServer.Parse(sql, out var errors);
        Assert.Empty(errors);
        return check.Conflicts(script!).ToList();
    }

    [Theory]
    [InlineData("SELECT [p].[Id] FROM [People] AS [p] WHERE [p].[FirstName] = [p].[NormalizedEmail]")]
    [InlineData("UPDATE [p] SET [p].[Grade] = N'1' FROM [People] AS [p] WHERE [p].[NormalizedEmail] <> [p].[FirstName]")]
    [InlineData("SELECT [p].[Id] FROM [People] AS [p] WHERE [p].[FirstName] IN (SELECT [s].[ExternalId] FROM [Schools] AS [s])")]
    [InlineData("DELETE FROM [l] FROM [PersonSchools] AS [l] INNER JOIN [People] AS [p] ON [p].[Email] = [p].[ExternalId]")]
    public void A_comparison_of_a_binary_key_with_a_default_collation_column_is_found(string sql) =>
        Assert.Contains("SQL Server error 468", Assert.Single(Conflicts(sql)), StringComparison.Ordinal);

    [Theory]
    [InlineData("SELECT [p].[Id] FROM [People] AS [p] WHERE [p].[NormalizedEmail] = [p].[NormalizedUsername]")]
    [InlineData("SELECT [p].[Id] FROM [People] AS [p] WHERE [p].[FirstName] COLLATE Latin1_General_100_BIN2 = [p].[NormalizedEmail]")]
    [InlineData("SELECT [p].[Id] FROM [People] AS [p] WHERE [p].[NormalizedEmail] = @email")]
    [InlineData("SELECT [p].[Id] FROM [People] AS [p] WHERE [p].[GoogleEmail] <> [p].[NormalizedEmail]")]
    public void Comparisons_SQL_Server_resolves_are_not(string sql) => Assert.Empty(Conflicts(sql));
}
