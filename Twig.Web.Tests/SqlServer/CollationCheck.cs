using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// SQL Server refuses to compare two columns whose collations differ (error 468, "Cannot resolve the collation conflict"):
/// each column's collation is an implicit label and neither wins. SQLite has no such labels, so a query that compares an
/// ordinal key (<c>OrdinalKeys</c>, binary on SQL Server) with a column of the database's default collation works in every
/// test and fails on every call in production. This finds such comparisons in a statement, by the model's collations.
/// </summary>
public sealed class CollationCheck
{
    private readonly Dictionary<(string Table, string Column), string> _collations = new();
    private readonly HashSet<string> _tables = new(StringComparer.OrdinalIgnoreCase);

    public CollationCheck(IModel model)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table) continue;
            _tables.Add(table);
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
                if (property.GetColumnName(store) is { } column)
                    _collations[(table, column)] = property.GetCollation() ?? "the database default";
        }
    }

    /// <summary>One message per comparison in <paramref name="script"/> of two columns with different collations.</summary>
    public IEnumerable<string> Conflicts(TSqlScript script)
    {
        var tables = new TableAliases(_tables);
        script.Accept(tables);
        var comparisons = new Comparisons();
        script.Accept(comparisons);
        foreach (var (left, right) in comparisons.Found)
        {
            if (Collation(tables, left) is not { } a || Collation(tables, right) is not { } b || a.Collation == b.Collation) continue;
            yield return $"compares {a.Name} ({a.Collation}) with {b.Name} ({b.Collation}): SQL Server error 468, collation conflict";
        }
    }

    private (string Name, string Collation)? Collation(TableAliases tables, ColumnReferenceExpression column)
    {
        // An explicit COLLATE settles the comparison; a column without its table's alias cannot be placed.
        if (column.Collation is not null || column.MultiPartIdentifier?.Identifiers is not { Count: >= 2 } parts) return null;
        if (!tables.Names.TryGetValue(parts[^2].Value, out var table) || table is null) return null;
        var name = parts[^1].Value;
        return _collations.TryGetValue((table, name), out var collation) ? ($"[{table}].[{name}]", collation) : null;
    }

    /// <summary>
    /// Alias (or table name) → table; null when one alias names two tables in the statement. A name without an alias counts
    /// only when it is a table: <c>UPDATE [p] … FROM [People] AS [p]</c> names the alias as its target.
    /// </summary>
    private sealed class TableAliases(HashSet<string> tables) : TSqlFragmentVisitor
    {
        public Dictionary<string, string?> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(NamedTableReference node)
        {
            var table = node.SchemaObject.BaseIdentifier.Value;
            if (node.Alias is null && !tables.Contains(table)) return;
            var alias = node.Alias?.Value ?? table;
            Names[alias] = Names.TryGetValue(alias, out var known) && known != table ? null : table;
        }
    }

    private sealed class Comparisons : TSqlFragmentVisitor
    {
        public List<(ColumnReferenceExpression, ColumnReferenceExpression)> Found { get; } = [];

        public override void Visit(BooleanComparisonExpression node)
        {
            if (Column(node.FirstExpression) is { } left && Column(node.SecondExpression) is { } right) Found.Add((left, right));
        }

        /// <summary><c>[a].[X] IN (SELECT [b].[Y] …)</c> compares the two columns as <c>=</c> does.</summary>
        public override void Visit(InPredicate node)
        {
            if (Column(node.Expression) is { } left && node.Subquery?.QueryExpression is QuerySpecification
                {
                    SelectElements: [SelectScalarExpression { Expression: var selected }],
                } && Column(selected) is { } right)
                Found.Add((left, right));
        }

        private static ColumnReferenceExpression? Column(ScalarExpression expression) => expression switch
        {
            ColumnReferenceExpression column => column,
            ParenthesisExpression { Expression: var inner } => Column(inner),
            _ => null,
        };
    }
}
