using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Twig.Web.Data.Bulk;

/// <summary>
/// SQLite's INSERTs of many rows: multi-row VALUES with positional parameters on a native statement of the connection (the
/// EF transaction is the connection's, so the rows join it), bound by index. Values go through <see cref="BulkColumn.ToProvider"/>
/// as every other write does, and are bound as Microsoft.Data.Sqlite binds them (a DateTime as its ISO text, a bool as 0/1);
/// a column of any other provider type leaves the insert to the ADO.NET path.
/// </summary>
internal static class SqliteInserts
{
    /// <summary>Rows per statement; with the parameter cap below, one statement stays under SQLite's old 999-variable limit.</summary>
    public const int MaxRows = 64;
    public const int MaxParameters = 999;

    private static readonly HashSet<Type> Bindable =
    [
        typeof(string), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(bool), typeof(double), typeof(float), typeof(byte[]),
        typeof(DateTime),
    ];

    /// <summary>
    /// Whether the rows were written here; false (nothing written) when the connection is not SQLite or a type is not bindable.
    /// </summary>
    public static bool TryRun(DbConnection connection, BulkTable table, BulkColumn[] columns, IReadOnlyList<object?[]> rows,
        Action<int>? written, CancellationToken token) => TryRun(connection, table, columns, rows, written, token, null);

    /// <summary>
    /// The same, one row per statement of <paramref name="rowSql"/> when given (an UPDATE whose positional parameters are
    /// the row's values in order), else multi-row INSERTs.
    /// </summary>
    public static bool TryRun(DbConnection connection, BulkTable table, BulkColumn[] columns, IReadOnlyList<object?[]> rows,
        Action<int>? written, CancellationToken token, string? rowSql)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || !columns.All(c => Bindable.Contains(c.ProviderType))) return false;
        var perStatement = rowSql is not null ? 1 : Math.Clamp(MaxParameters / columns.Length, 1, MaxRows);
        sqlite3_stmt? statement = null;
        var statementRows = 0;
        var binder = new Binder();
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                token.ThrowIfCancellationRequested();
                var count = Math.Min(perStatement, rows.Count - start);
                if (statement is null || statementRows != count)
                {
                    statement?.Dispose();
                    statement = null;
                    Check(handle, raw.sqlite3_prepare_v2(handle, rowSql ?? Sql(table, columns, count), out var prepared));
                    statement = prepared;
                    statementRows = count;
                }
                var index = 1;
                for (var r = start; r < start + count; r++)
                {
                    var values = rows[r];
                    for (var c = 0; c < columns.Length; c++)
                        Check(handle, binder.Bind(statement, index++, columns[c].ToProvider(values[c], table.Name)));
                }
                // A failed step throws with the connection's message (a unique violation reads as on any other path).
                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE) Check(handle, step);
                raw.sqlite3_reset(statement);
                written?.Invoke(count);
            }
        }
        finally
        {
            statement?.Dispose();
        }
        return true;
    }

    private const string DateFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    private static string Sql(BulkTable table, BulkColumn[] columns, int rows)
    {
        var row = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Length)) + ")";
        return new StringBuilder("INSERT INTO ").Append(table.Quoted).Append(" (").AppendJoin(", ", columns.Select(c => c.Quoted))
            .Append(") VALUES ").AppendJoin(", ", Enumerable.Repeat(row, rows)).Append(';').ToString();
    }

    /// <summary>
    /// Binds values as Microsoft.Data.Sqlite's value binder stores each type (its DateTime text is the format EF's SQLite literals
    /// use). Text is encoded into one reused buffer (SQLite copies it when binding) instead of a new UTF-8 array per value,
    /// and the text of the last instant is kept: a bulk write stamps thousands of rows with the same time.
    /// </summary>
    private sealed class Binder
    {
        private byte[] _buffer = new byte[256];
        private DateTime _instant;
        private byte[]? _instantText;

        public int Bind(sqlite3_stmt statement, int index, object value) => value switch
        {
            DBNull => raw.sqlite3_bind_null(statement, index),
            // An empty span would reach SQLite as a null pointer, which it stores as NULL: '' goes the allocating way.
            string { Length: 0 } => raw.sqlite3_bind_text(statement, index, ""),
            string text => raw.sqlite3_bind_text(statement, index, Utf8(text)),
            int number => raw.sqlite3_bind_int64(statement, index, number),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            short number => raw.sqlite3_bind_int64(statement, index, number),
            byte number => raw.sqlite3_bind_int64(statement, index, number),
            bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
            double number => raw.sqlite3_bind_double(statement, index, number),
            float number => raw.sqlite3_bind_double(statement, index, number),
            byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
            byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
            DateTime instant => raw.sqlite3_bind_text(statement, index, TextOf(instant)),
            _ => throw new InvalidOperationException($"A {value.GetType().Name} cannot be bound by the SQLite bulk insert."),
        };

        private ReadOnlySpan<byte> Utf8(string text)
        {
            var most = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (most > _buffer.Length) _buffer = new byte[Math.Max(most, _buffer.Length * 2)];
            return _buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, _buffer));
        }

        private ReadOnlySpan<byte> TextOf(DateTime instant)
        {
            if (_instantText is null || instant != _instant || instant.Kind != _instant.Kind)
            {
                _instantText = Encoding.UTF8.GetBytes(instant.ToString(DateFormat, CultureInfo.InvariantCulture));
                _instant = instant;
            }
            return _instantText;
        }
    }

    private static void Check(sqlite3 handle, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(result, handle);
    }
}
