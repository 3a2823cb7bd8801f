using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Twig.Web.Data.Bulk;

/// <summary>
/// The current row of a large read, column by column. On SQLite the statement is stepped natively on the caller's open
/// connection (inside its transaction, if any): a hundred thousand rows each cost ADO.NET's data reader about a microsecond
/// in calls and checks. On other providers the caller's data reader is read through the same methods, so the SQL and the
/// values are the same either way.
/// </summary>
public sealed class RowCursor
{
    private DbDataReader? _reader;
    private sqlite3_stmt? _statement;

    public int Int(int column) => _statement is { } s ? raw.sqlite3_column_int(s, column) : _reader!.GetInt32(column);

    public bool Bool(int column) => _statement is { } s ? raw.sqlite3_column_int64(s, column) != 0 : _reader!.GetBoolean(column);

    public string Text(int column) =>
        _statement is { } s ? Encoding.UTF8.GetString(raw.sqlite3_column_blob(s, column)) : _reader!.GetString(column);

    public long? NullableLong(int column) => _statement is { } s
        ? raw.sqlite3_column_type(s, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(s, column)
        : _reader!.IsDBNull(column) ? null : _reader.GetInt64(column);

    /// <summary>
    /// Reads <paramref name="sql"/> on <paramref name="db"/>'s connection (inside its transaction, if any), calling
    /// <paramref name="row"/> for each row: stepped natively on SQLite, through a data reader elsewhere. The parameters are
    /// bound by name, as integers (ints: a wider type would make SQL Server convert the column it compares them with).
    /// </summary>
    public static async Task ReadAsync(TwigDb db, string sql, (string Name, int Value)[] parameters, Action<RowCursor> row,
        CancellationToken ct)
    {
        var cursor = new RowCursor();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (cursor.TryStep(connection, sql, parameters, row, ct)) return;
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = sql;
            command.CommandTimeout = 0; // a whole district's rows: as long as they take
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) row(cursor.On(reader));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>This cursor over <paramref name="reader"/>'s current row (a provider other than SQLite).</summary>
    private RowCursor On(DbDataReader reader)
    {
        (_reader, _statement) = (reader, null);
        return this;
    }

    /// <summary>
    /// Steps <paramref name="sql"/> on <paramref name="connection"/> when it is an open SQLite connection, calling
    /// <paramref name="row"/> for each row; false (nothing read) otherwise. <paramref name="parameters"/> are bound by name.
    /// </summary>
    private bool TryStep(DbConnection connection, string sql, (string Name, int Value)[] parameters, Action<RowCursor> row,
        CancellationToken ct)
    {
        if (connection is not SqliteConnection { Handle: { } handle }) return false;
        SqliteRows.Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            foreach (var (name, value) in parameters)
                SqliteRows.Check(handle, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, name), value));
            (_reader, _statement) = (null, statement);
            SqliteRows.StepAll(handle, statement, ct, () => row(this));
            _statement = null;
        }
        return true;
    }
}
