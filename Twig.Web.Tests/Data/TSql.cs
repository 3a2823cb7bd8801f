using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Twig.Web.Tests.Data;

/// <summary>
/// Parses T-SQL as SQL Server 2022 / Azure SQL would (TSql160Parser), with QUOTED_IDENTIFIER ON as
/// <c>sqlcmd -I</c>, SqlClient and the filtered indexes need.
/// </summary>
internal static class TSql
{
    public static (TSqlFragment Fragment, IList<ParseError> Errors) Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        var fragment = parser.Parse(new StringReader(sql), out var errors);
        return (fragment, errors);
    }

    public static string Describe(IEnumerable<ParseError> errors, string source) =>
        string.Join("\n", errors.Select(e => $"{source} line {e.Line}, column {e.Column}: {e.Message}"));

    /// <summary>
    /// The text each <c>EXEC(N'…' + @x + N'…')</c> runs: literals joined, each variable replaced by a bracketed
    /// name (EF only concatenates QUOTENAME'd object names into its dynamic SQL).
    /// </summary>
    public static List<string> DynamicBodies(TSqlFragment fragment)
    {
        var visitor = new DynamicSqlVisitor();
        fragment.Accept(visitor);
        return visitor.Bodies;
    }

    private sealed class DynamicSqlVisitor : TSqlFragmentVisitor
    {
        public List<string> Bodies { get; } = [];

        public override void Visit(ExecutableStringList node) =>
            Bodies.Add(string.Concat(node.Strings.Select(s => s switch
            {
                StringLiteral literal => literal.Value,
                VariableReference => "[dynamic_name]",
                _ => throw new InvalidOperationException($"Unexpected part of a dynamic SQL string: {s.GetType().Name}"),
            })));
    }
}
