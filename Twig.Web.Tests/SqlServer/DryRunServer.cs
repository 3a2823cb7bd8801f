using System.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Twig.Web.Tests.SqlServer;

public sealed record DryRunResults(IReadOnlyList<ResultSet> Sets, int RowsAffected);

/// <summary>
/// The pretend server behind <see cref="RecordingConnection"/>. Every command is parsed as T-SQL (ScriptDom, SQL Server 2022
/// grammar, quoted identifiers on) and checked: parse errors, more than 2,100 parameters, DateTime values sent as legacy
/// <c>datetime</c> and comparisons of columns whose collations differ are recorded as violations. It answers each statement
/// as a server would shape its result:
/// <list type="bullet">
/// <item>an INSERT or MERGE with OUTPUT returns one row per inserted row: a new sequential id for <c>INSERTED.[Id]</c>, the
/// bound value for any other inserted column, the row's position for EF's <c>_Position</c>;</item>
/// <item>an UPDATE or DELETE with OUTPUT (EF's <c>OUTPUT 1</c>) returns one row;</item>
/// <item>a SELECT is answered by the first scripted answer that matches its text, then from rows this server was bulk-loaded
/// (by column name), then with one row of zeros when it is a scalar or aggregate query (EXISTS, COUNT), else no rows.</item>
/// </list>
/// </summary>
public sealed class DryRunServer
{
    public const int MaxParameters = 2100;
    private readonly List<(Func<string, bool> Matches, Func<CapturedCommand, IReadOnlyList<string>, ResultSet> Answer)> _answers = [];
    private int _nextId = 1000;

    public List<CapturedCommand> Commands { get; } = [];
    public List<string> Violations { get; } = [];
    public int Transactions { get; set; }
    /// <summary>Rows bulk-loaded per table, by column name, with the ids they were given.</summary>
    public Dictionary<string, List<Dictionary<string, object?>>> Loaded { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The SQL Server model's collations, when set: a comparison of two columns that differ in collation is a violation.</summary>
    public CollationCheck? Collations { get; set; }

    public void ClearAnswers() => _answers.Clear();

    public int NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Answers SELECTs whose text contains <paramref name="fragment"/>; the answer gets the names of the selected columns.</summary>
    public void Answer(string fragment, Func<CapturedCommand, IReadOnlyList<string>, ResultSet> answer) =>
        _answers.Add((sql => sql.Contains(fragment, StringComparison.Ordinal), answer));

    /// <summary>Answers with one row per value, whatever the columns are called (a list of ids, say).</summary>
    public void AnswerValues(string fragment, params object[] values) =>
        Answer(fragment, (_, columns) => new ResultSet(columns, values.Select(v => new object?[] { v }).ToList()));

    /// <summary>
    /// Answers with one row per entry of <paramref name="rows"/>; a row is one entity, or several for a query that joins
    /// (given in the order their table aliases first appear). Each selected column is read from the property of its name.
    /// </summary>
    public void AnswerEntities(string fragment, params object[][] rows) =>
        Answer(fragment, (command, columns) =>
        {
            var aliases = Aliases(command.Text);
            return new ResultSet(columns, rows.Select(parts => columns.Select((column, i) =>
            {
                var part = parts[Math.Min(aliases[i], parts.Length - 1)];
                var property = part.GetType().GetProperty(column) ?? throw new InvalidOperationException($"{part.GetType().Name} has no {column}.");
                var value = property.GetValue(part);
                return value is Enum ? Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture) : value;
            }).ToArray()).ToList());
        });

    /// <summary>For each selected column, the index of its table alias in order of first appearance.</summary>
    private static List<int> Aliases(string sql)
    {
        var query = (Parse(sql, out _)?.Batches.SelectMany(b => b.Statements).OfType<SelectStatement>().First().QueryExpression as QuerySpecification)!;
        var seen = new List<string>();
        return query.SelectElements.Select(e =>
        {
            var alias = e is SelectScalarExpression { Expression: ColumnReferenceExpression { MultiPartIdentifier.Identifiers: { Count: > 1 } parts } } ? parts[^2].Value : "";
            if (!seen.Contains(alias)) seen.Add(alias);
            return seen.IndexOf(alias);
        }).ToList();
    }

    /// <summary>Commands whose text contains <c>Fragment</c> throw what <c>Error</c> makes, as the server would answer.</summary>
    public List<(string Fragment, Func<Exception> Error)> Failures { get; } = [];

    public DryRunResults Execute(CapturedCommand command)
    {
        lock (Commands) Commands.Add(command);
        foreach (var (fragment, error) in Failures)
            if (command.Text.Contains(fragment, StringComparison.Ordinal)) throw error();
        if (command.Parameters.Count > MaxParameters)
            Violate($"{command.Parameters.Count} parameters (SQL Server allows {MaxParameters}): {Short(command.Text)}");
        foreach (var parameter in command.Parameters)
        {
            if (parameter.Value is DateTime && parameter.Type is SqlDbType.DateTime or SqlDbType.SmallDateTime)
                Violate($"{parameter.Name} sends a DateTime as legacy {parameter.Type} (rounded to 1/300 s): {Short(command.Text)}");
        }

        var script = Parse(command.Text, out var errors);
        foreach (var error in errors) Violate($"T-SQL parse error at line {error.Line}, column {error.Column}: {error.Message} in: {command.Text}");
        if (script is null) return new DryRunResults([], 0);
        foreach (var conflict in Collations?.Conflicts(script) ?? []) Violate($"{conflict} in: {Short(command.Text)}");

        var sets = new List<ResultSet>();
        var affected = 0;
        foreach (var statement in script.Batches.SelectMany(b => b.Statements))
        {
            switch (statement)
            {
                case InsertStatement { InsertSpecification: var insert }:
                    var rows = insert.InsertSource is ValuesInsertSource values ? values.RowValues.Count : 1;
                    affected += rows;
                    if (insert.OutputClause is { } output) sets.Add(Inserted(command, output, insert.Columns, values: insert.InsertSource as ValuesInsertSource));
                    break;
                case MergeStatement { MergeSpecification: var merge }:
                    var source = merge.TableReference as InlineDerivedTable;
                    affected += source?.RowValues.Count ?? 1;
                    if (merge.OutputClause is { } mergeOutput) sets.Add(Merged(command, mergeOutput, source));
                    break;
                case UpdateStatement { UpdateSpecification.OutputClause: { } updateOutput }:
                    affected++;
                    sets.Add(new ResultSet(updateOutput.SelectColumns.Select((_, i) => $"c{i}").ToList(), [updateOutput.SelectColumns.Select(_ => (object?)1).ToArray()]));
                    break;
                case DeleteStatement { DeleteSpecification.OutputClause: { } deleteOutput }:
                    affected++;
                    sets.Add(new ResultSet(deleteOutput.SelectColumns.Select((_, i) => $"c{i}").ToList(), [deleteOutput.SelectColumns.Select(_ => (object?)1).ToArray()]));
                    break;
                case UpdateStatement or DeleteStatement:
                    affected++;
                    break;
                case SelectStatement select:
                    sets.Add(Selected(command, select));
                    break;
            }
        }
        return new DryRunResults(sets, affected);
    }

    public static TSqlScript? Parse(string sql, out IList<ParseError> errors)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out errors);
        return errors.Count == 0 ? fragment as TSqlScript : null;
    }

    private ResultSet Inserted(CapturedCommand command, OutputClause output, IList<ColumnReferenceExpression> columns, ValuesInsertSource? values)
    {
        var names = columns.Select(c => c.MultiPartIdentifier.Identifiers[^1].Value).ToList();
        var rowCount = values?.RowValues.Count ?? 1;
        var result = new ResultSet(output.SelectColumns.Select(OutputName).ToList(), []);
        for (var r = 0; r < rowCount; r++)
        {
            var row = new object?[output.SelectColumns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                var name = OutputName(output.SelectColumns[c]);
                var index = names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                row[c] = index >= 0 && values is not null ? Bound(command, values.RowValues[r].ColumnValues[index]) : NextId();
            }
            result.Rows.Add(row);
        }
        return result;
    }

    private ResultSet Merged(CapturedCommand command, OutputClause output, InlineDerivedTable? source)
    {
        var result = new ResultSet(output.SelectColumns.Select(OutputName).ToList(), []);
        var positionColumn = source?.Columns.Select((c, i) => (c.Value, i)).FirstOrDefault(x => x.Value == "_Position").i ?? -1;
        for (var r = 0; r < (source?.RowValues.Count ?? 1); r++)
        {
            var row = new object?[output.SelectColumns.Count];
            for (var c = 0; c < row.Length; c++)
                row[c] = OutputName(output.SelectColumns[c]) == "_Position" && source is not null
                    ? Bound(command, source.RowValues[r].ColumnValues[positionColumn])
                    : NextId();
            result.Rows.Add(row);
        }
        return result;
    }

    private ResultSet Selected(CapturedCommand command, SelectStatement select)
    {
        var query = select.QueryExpression as QuerySpecification;
        var columns = query?.SelectElements.Select((e, i) => e is SelectScalarExpression { ColumnName: { } alias } ? alias.Value
            : e is SelectScalarExpression { Expression: ColumnReferenceExpression column } ? column.MultiPartIdentifier.Identifiers[^1].Value : $"c{i}").ToList() ?? [];
        foreach (var (matches, answer) in _answers)
            if (matches(command.Text)) return answer(command, columns);
        if (query is null) return new ResultSet([], []);
        if (query.FromClause is null || query.SelectElements.All(e => e is SelectScalarExpression { Expression: FunctionCall }))
            return new ResultSet(columns, [columns.Select(_ => (object?)0).ToArray()]);
        if (query.FromClause.TableReferences is [NamedTableReference table] && Loaded.TryGetValue(table.SchemaObject.BaseIdentifier.Value, out var loaded))
            return new ResultSet(columns, loaded.Select(row => columns.Select(c => row.GetValueOrDefault(c)).ToArray()).ToList());
        return new ResultSet(columns, []);
    }

    private static object? Bound(CapturedCommand command, ScalarExpression expression) => expression switch
    {
        VariableReference variable => command.Parameters.First(p => string.Equals(p.Name, variable.Name, StringComparison.OrdinalIgnoreCase)).Value,
        IntegerLiteral integer => int.Parse(integer.Value, System.Globalization.CultureInfo.InvariantCulture),
        StringLiteral text => text.Value,
        _ => null,
    };

    private static string OutputName(SelectElement element) => element switch
    {
        SelectScalarExpression { ColumnName: { } alias } => alias.Value,
        SelectScalarExpression { Expression: ColumnReferenceExpression column } => column.MultiPartIdentifier.Identifiers[^1].Value,
        _ => "c",
    };

    /// <summary>
    /// Every transaction that writes one of <paramref name="tables"/> begins by holding district <paramref name="districtId"/>
    /// (<c>DistrictLock</c>): its first command reads the district's row with UPDLOCK and HOLDLOCK. Returns how many such
    /// transactions there were.
    /// </summary>
    public int AssertDistrictHeldFirst(int districtId, params string[] tables)
    {
        var checkedTransactions = 0;
        foreach (var transaction in Commands.Where(c => c.TransactionNumber > 0).GroupBy(c => c.TransactionNumber))
        {
            var writes = transaction.Any(c => !c.Text.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && tables.Any(t => c.Text.Contains($"[{t}]", StringComparison.Ordinal)));
            if (!writes) continue;
            var first = transaction.First();
            Assert.True(first.Text.Contains("FROM [Districts] WITH (UPDLOCK, HOLDLOCK, ROWLOCK)", StringComparison.Ordinal)
                && first.Parameters.Any(p => Equals(p.Value, districtId)),
                $"Transaction {transaction.Key} writes {string.Join("/", tables)} but begins with: {Short(first.Text)}");
            checkedTransactions++;
        }
        return checkedTransactions;
    }

    public void Violate(string violation)
    {
        lock (Violations) Violations.Add(violation);
    }

    private static string Short(string sql) => sql.Length > 300 ? sql[..300] + "…" : sql;
}
