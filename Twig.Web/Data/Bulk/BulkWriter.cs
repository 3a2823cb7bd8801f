using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Twig.Web.Data.Bulk;

/// <summary>
/// The one way Twig writes many rows at once (a Clever sync, a users.csv import): plain parameterised SQL on the EF connection
/// and inside the caller's open transaction, with no change tracking. Table and column names, and every parameter's type
/// and size, come from the EF model (<see cref="BulkTable"/>); the provider comes from the registered <see cref="DatabaseInfo"/>.
/// <list type="bullet">
/// <item>SQLite: INSERTs carry up to 64 rows (under 1,000 parameters) and run as native statements prepared once and bound by
/// position (<see cref="SqliteInserts"/>): binding by name costs SQLite a scan of the statement's names per parameter, and a
/// command per row costs ADO.NET a data reader per row. UPDATEs stay one row per prepared command. New ids are read back
/// with one query after the INSERTs, never with RETURNING (which turns every INSERT into a data reader).</item>
/// <item>SQL Server: many rows per command (multi-row VALUES, or many UPDATEs in one batch), each command under 2,100 parameters
/// and 1,000 rows, so no statement takes the 5,000 locks that escalate to a table lock. Large creates go through
/// <see cref="IBulkCopy"/> (SqlBulkCopy, 4,000 rows a batch) inside the same transaction, then one read-back of the new ids.</item>
/// </list>
/// </summary>
public sealed class BulkWriter(DatabaseInfo database, IBulkCopy bulkCopy)
{
    /// <summary>Parameters per command; SQL Server refuses more than 2,100.</summary>
    public const int MaxParameters = 2000;
    /// <summary>Rows per INSERT … VALUES; SQL Server refuses more than 1,000.</summary>
    public const int MaxRowsPerStatement = 1000;
    /// <summary>Rows per SqlBulkCopy batch: below SQL Server's lock-escalation threshold of 5,000 locks.</summary>
    public const int BulkCopyBatchSize = 4000;
    /// <summary>From this many rows a SQL Server insert is a bulk load rather than batched INSERTs.</summary>
    public const int BulkCopyFrom = 2000;

    /// <summary>A writer on <paramref name="db"/>'s connection and its current transaction (there must be one).</summary>
    public BulkSession Open(TwigDb db, CancellationToken token)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes only ever run inside a transaction.");
        return new BulkSession(db, db.Database.GetDbConnection(), transaction, database.Provider == DatabaseProvider.SqlServer, bulkCopy, token);
    }
}

/// <summary>Writes rows of entity tables by property name; see <see cref="BulkWriter"/>.</summary>
public sealed class BulkSession
{
    private const int CommandTimeoutSeconds = 600;
    private readonly TwigDb _db;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly bool _sqlServer;
    private readonly IBulkCopy _bulkCopy;
    private readonly CancellationToken _token;

    internal BulkSession(TwigDb db, DbConnection connection, DbTransaction transaction, bool sqlServer, IBulkCopy bulkCopy, CancellationToken token)
    {
        (_db, _connection, _transaction, _sqlServer, _bulkCopy, _token) = (db, connection, transaction, sqlServer, bulkCopy, token);
    }

    /// <summary>Called with the number of rows each command (or bulk load) has just written, for progress reports.</summary>
    public Action<int>? Written { get; set; }

    public BulkTable Table<TEntity>() => BulkTable.For<TEntity>(_db);

    /// <summary>Inserts <paramref name="rows"/>, each holding the values of <paramref name="properties"/> in order.</summary>
    public async Task InsertAsync<TEntity>(string[] properties, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0) return;
        var table = Table<TEntity>();
        var columns = properties.Select(p => table[p]).ToArray();
        if (_sqlServer && rows.Count >= BulkWriter.BulkCopyFrom)
        {
            await BulkCopyAsync(table, columns, rows);
            return;
        }
        if (SqliteInserts.TryRun(_connection, table, columns, rows, Written, _token)) return;
        await RunAsync(table, columns, rows, RowsPerInsert(columns.Length), count => InsertSql(table, columns, count, null), null);
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> and returns each new row's id by the value of its <paramref name="key"/> property, which
    /// must be unique among the rows matching <paramref name="scope"/> (e.g. an external id within a district and source).
    /// </summary>
    public async Task<Dictionary<string, int>> InsertReturningIdsAsync<TEntity>(
        string[] properties, IReadOnlyList<object?[]> rows, string key, params (string Property, object Value)[] scope)
    {
        var ids = new Dictionary<string, int>(rows.Count, StringComparer.Ordinal);
        if (rows.Count == 0) return ids;
        var table = Table<TEntity>();
        var columns = properties.Select(p => table[p]).ToArray();
        var id = table.Columns.Single(c => c.IsIdentity);
        var keyColumn = table[key];
        var keyIndex = Array.IndexOf(properties, key);
        if (_sqlServer && rows.Count >= BulkWriter.BulkCopyFrom)
        {
            await BulkCopyAsync(table, columns, rows);
            await ReadBackAsync(table, id, keyColumn, scope, rows.Select(r => (string)r[keyIndex]!).ToHashSet(StringComparer.Ordinal), null, ids);
            return ids;
        }
        if (!_sqlServer)
        {
            // RETURNING makes every single-row INSERT a data reader, which costs SQLite about three times the insert itself
            // (10.5 s of CPU instead of 3.8 s for 100,000 people). Plain prepared INSERTs, then one read of the rows above
            // the highest id seen before, cost the insert and a fraction of a second.
            var before = await MaxIdAsync(table, id);
            if (!SqliteInserts.TryRun(_connection, table, columns, rows, Written, _token))
                await RunAsync(table, columns, rows, 1, count => InsertSql(table, columns, count, null), null);
            var keys = rows.Select(r => (string)r[keyIndex]!).ToHashSet(StringComparer.Ordinal);
            await ReadBackAsync(table, id, keyColumn, scope, keys, before, ids);
            // Ids normally grow; should one ever be reused below the old maximum, the whole scope is read instead.
            if (ids.Count < keys.Count) await ReadBackAsync(table, id, keyColumn, scope, keys, null, ids);
            return ids;
        }
        await RunAsync(table, columns, rows, RowsPerInsert(columns.Length),
            count => InsertSql(table, columns, count, $"OUTPUT INSERTED.{id.Quoted}, INSERTED.{keyColumn.Quoted}"), async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(_token);
            while (await reader.ReadAsync(_token)) ids[reader.GetString(1)] = reader.GetInt32(0);
        });
        return ids;
    }

    private async Task<int> MaxIdAsync(BulkTable table, BulkColumn id)
    {
        await using var command = Create($"SELECT MAX({id.Quoted}) FROM {table.Quoted};");
        return await command.ExecuteScalarAsync(_token) is { } value and not DBNull ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// Updates one row per entry of <paramref name="rows"/>: the values of <paramref name="properties"/> in order, then the
    /// value of <paramref name="key"/> that picks the row.
    /// </summary>
    public Task UpdateAsync<TEntity>(string[] properties, string key, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0) return Task.CompletedTask;
        var table = Table<TEntity>();
        var columns = properties.Select(p => table[p]).Append(table[key]).ToArray();
        var rowsPerCommand = _sqlServer ? Math.Clamp(BulkWriter.MaxParameters / columns.Length, 1, 500) : 1;
        return RunAsync(table, columns, rows, rowsPerCommand, count =>
        {
            var sql = new StringBuilder();
            for (var r = 0; r < count; r++)
            {
                sql.Append("UPDATE ").Append(table.Quoted).Append(" SET ");
                for (var c = 0; c < columns.Length - 1; c++)
                    sql.Append(c == 0 ? "" : ", ").Append(columns[c].Quoted).Append(" = ").Append(Parameter(r, c));
                sql.Append(" WHERE ").Append(columns[^1].Quoted).Append(" = ").Append(Parameter(r, columns.Length - 1)).Append(";\n");
            }
            return sql.ToString();
        }, null);
    }

    /// <summary>Sets the same values on every row whose <paramref name="column"/> is one of <paramref name="ids"/>.</summary>
    public Task UpdateWhereInAsync<TEntity>((string Property, object? Value)[] set, string column, IEnumerable<int> ids)
    {
        var table = Table<TEntity>();
        var assignments = string.Join(", ", set.Select((s, i) => $"{table[s.Property].Quoted} = @s{i}"));
        return WhereInAsync(table, $"UPDATE {table.Quoted} SET {assignments} WHERE {table[column].Quoted} IN ({{0}})",
            set.Select(s => (table[s.Property], s.Value)).ToArray(), table[column], ids);
    }

    public Task DeleteWhereInAsync<TEntity>(string column, IEnumerable<int> ids)
    {
        var table = Table<TEntity>();
        return WhereInAsync(table, $"DELETE FROM {table.Quoted} WHERE {table[column].Quoted} IN ({{0}})", [], table[column], ids);
    }

    private async Task WhereInAsync(BulkTable table, string sqlFormat, (BulkColumn Column, object? Value)[] constants, BulkColumn idColumn, IEnumerable<int> ids)
    {
        // SQLite binds parameters by name one at a time, so its lists stay short.
        var chunkSize = _sqlServer ? BulkWriter.MaxParameters - constants.Length : 200;
        DbCommand? command = null;
        try
        {
            foreach (var chunk in ids.Chunk(chunkSize))
            {
                if (command is null || command.Parameters.Count != constants.Length + chunk.Length)
                {
                    if (command is not null) await command.DisposeAsync();
                    command = Create(string.Format(CultureInfo.InvariantCulture, sqlFormat, string.Join(", ", chunk.Select((_, i) => $"@i{i}"))));
                    for (var i = 0; i < constants.Length; i++) Add(command, $"@s{i}", constants[i].Column, constants[i].Value, table.Name);
                    for (var i = 0; i < chunk.Length; i++) Add(command, $"@i{i}", idColumn, null, table.Name);
                }
                for (var i = 0; i < chunk.Length; i++) command.Parameters[constants.Length + i].Value = idColumn.ToProvider(chunk[i], table.Name);
                await ExecuteAsync(command);
                Written?.Invoke(chunk.Length);
            }
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
    }

    private int RowsPerInsert(int width) =>
        _sqlServer ? Math.Clamp(BulkWriter.MaxParameters / width, 1, BulkWriter.MaxRowsPerStatement) : 1;

    private static string InsertSql(BulkTable table, BulkColumn[] columns, int rows, string? returning)
    {
        var sql = new StringBuilder("INSERT INTO ").Append(table.Quoted).Append(" (")
            .AppendJoin(", ", columns.Select(c => c.Quoted)).Append(')');
        var sqlServerOutput = returning is not null && returning.StartsWith("OUTPUT", StringComparison.Ordinal);
        if (sqlServerOutput) sql.Append(' ').Append(returning);
        sql.Append(" VALUES ");
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++) sql.Append(c == 0 ? "" : ", ").Append(Parameter(r, c));
            sql.Append(')');
        }
        if (returning is not null && !sqlServerOutput) sql.Append(' ').Append(returning);
        return sql.Append(';').ToString();
    }

    private static string Parameter(int row, int column) => $"@r{row}c{column}";

    /// <summary>
    /// Runs <paramref name="rows"/> in commands of <paramref name="rowsPerCommand"/> rows. A command is built once per size,
    /// prepared, and re-bound for every chunk of that size; every parameter is typed and sized from the model, so re-binding
    /// can never be cut to an earlier value's length.
    /// </summary>
    private async Task RunAsync(BulkTable bulkTable, BulkColumn[] columns, IReadOnlyList<object?[]> rows, int rowsPerCommand, Func<int, string> sqlFor, Func<DbCommand, Task>? execute)
    {
        var table = bulkTable.Name;
        DbCommand? command = null;
        var commandRows = 0;
        try
        {
            foreach (var chunk in rows.Chunk(rowsPerCommand))
            {
                if (command is null || commandRows != chunk.Length)
                {
                    if (command is not null) await command.DisposeAsync();
                    command = Create(sqlFor(chunk.Length));
                    for (var r = 0; r < chunk.Length; r++)
                        for (var c = 0; c < columns.Length; c++) Add(command, Parameter(r, c), columns[c], null, table);
                    commandRows = chunk.Length;
                    if (chunk.Length == rowsPerCommand && rows.Count > rowsPerCommand) await command.PrepareAsync(_token);
                }
                for (var r = 0; r < chunk.Length; r++)
                {
                    var values = chunk[r];
                    for (var c = 0; c < columns.Length; c++) command.Parameters[r * columns.Length + c].Value = columns[c].ToProvider(values[c], table);
                }
                if (execute is null) await ExecuteAsync(command);
                else await execute(command);
                Written?.Invoke(chunk.Length);
            }
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
    }

    private async Task BulkCopyAsync(BulkTable table, BulkColumn[] columns, IReadOnlyList<object?[]> rows)
    {
        using var data = new DataTable(table.Name) { Locale = CultureInfo.InvariantCulture };
        foreach (var column in columns) data.Columns.Add(column.Name, column.ProviderType).AllowDBNull = column.IsNullable;
        data.BeginLoadData();
        var values = new object[columns.Length];
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Length; c++) values[c] = columns[c].ToProvider(row[c], table.Name);
            data.Rows.Add(values);
        }
        data.EndLoadData();
        await _bulkCopy.WriteAsync(new BulkCopyRequest(_connection, _transaction, table, columns, data, BulkWriter.BulkCopyBatchSize), _token);
        Written?.Invoke(rows.Count);
    }

    /// <summary>
    /// After a bulk load or plain INSERTs: one query for the ids of the rows in <paramref name="scope"/> (above <paramref name="above"/>
    /// when given), keeping those just inserted. Their keys are unique in the scope, so a row with one of them is the new row.
    /// </summary>
    private async Task ReadBackAsync(BulkTable table, BulkColumn id, BulkColumn key, (string Property, object Value)[] scope, HashSet<string> inserted,
        int? above, Dictionary<string, int> ids)
    {
        var conditions = scope.Select((s, i) => $"{table[s.Property].Quoted} = @s{i}").ToList();
        if (above is not null) conditions.Add($"{id.Quoted} > @above");
        var where = string.Join(" AND ", conditions);
        await using var command = Create($"SELECT {id.Quoted}, {key.Quoted} FROM {table.Quoted}{(where.Length == 0 ? "" : " WHERE " + where)};");
        for (var i = 0; i < scope.Length; i++) Add(command, $"@s{i}", table[scope[i].Property], scope[i].Value, table.Name);
        if (above is { } floor) Add(command, "@above", id, floor, table.Name);
        await using var reader = await command.ExecuteReaderAsync(_token);
        while (await reader.ReadAsync(_token))
        {
            var value = reader.GetString(1);
            if (inserted.Contains(value)) ids[value] = reader.GetInt32(0);
        }
    }

    private DbCommand Create(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        command.CommandTimeout = CommandTimeoutSeconds;
        return command;
    }

    /// <summary>A parameter typed from the model: the type mapping's DbType and, for strings and binaries, the column's length.</summary>
    private void Add(DbCommand command, string name, BulkColumn column, object? value, string table)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (column.DbType is { } type) parameter.DbType = type;
        else if (_sqlServer) throw new InvalidOperationException($"{table}.{column.Name} ({column.StoreType}) has no parameter type in the model.");
        // SQLite would cut a value to the size; its lengths are checked in ToProvider instead.
        if (_sqlServer && column.IsVariableLength) parameter.Size = column.MaxLength ?? -1;
        else if (_sqlServer && column.TimeStorageSize is { } bytes)
        {
            // SqlClient counts datetime2/time/datetimeoffset as variable length: Prepare wants a size; the scale is the precision.
            parameter.Size = bytes;
            parameter.Scale = (byte)(column.Precision ?? 7);
        }
        parameter.IsNullable = column.IsNullable;
        parameter.Value = column.ToProvider(value, table);
        command.Parameters.Add(parameter);
    }

    private Task<int> ExecuteAsync(DbCommand command) => command.ExecuteNonQueryAsync(_token);
}

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
        [typeof(string), typeof(int), typeof(long), typeof(short), typeof(byte), typeof(bool), typeof(double), typeof(float), typeof(byte[]), typeof(DateTime)];

    /// <summary>Whether the rows were written here; false (nothing written) when the connection is not SQLite or a type is not bindable.</summary>
    public static bool TryRun(DbConnection connection, BulkTable table, BulkColumn[] columns, IReadOnlyList<object?[]> rows, Action<int>? written, CancellationToken token)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || !columns.All(c => Bindable.Contains(c.ProviderType))) return false;
        var perStatement = Math.Clamp(MaxParameters / columns.Length, 1, MaxRows);
        sqlite3_stmt? statement = null;
        var statementRows = 0;
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
                    Check(handle, raw.sqlite3_prepare_v2(handle, Sql(table, columns, count), out var prepared));
                    statement = prepared;
                    statementRows = count;
                }
                var index = 1;
                for (var r = start; r < start + count; r++)
                {
                    var values = rows[r];
                    for (var c = 0; c < columns.Length; c++) Check(handle, Bind(statement, index++, columns[c].ToProvider(values[c], table.Name)));
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

    private static string Sql(BulkTable table, BulkColumn[] columns, int rows)
    {
        var row = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Length)) + ")";
        return new StringBuilder("INSERT INTO ").Append(table.Quoted).Append(" (").AppendJoin(", ", columns.Select(c => c.Quoted))
            .Append(") VALUES ").AppendJoin(", ", Enumerable.Repeat(row, rows)).Append(';').ToString();
    }

    // As Microsoft.Data.Sqlite's value binder stores each type (its DateTime text is the format EF's SQLite literals use).
    private static int Bind(sqlite3_stmt statement, int index, object value) => value switch
    {
        DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        short number => raw.sqlite3_bind_int64(statement, index, number),
        byte number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double number => raw.sqlite3_bind_double(statement, index, number),
        float number => raw.sqlite3_bind_double(statement, index, number),
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(statement, index, 0),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        DateTime instant => raw.sqlite3_bind_text(statement, index, instant.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException($"A {value.GetType().Name} cannot be bound by the SQLite bulk insert."),
    };

    private static void Check(sqlite3 handle, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE)) SqliteException.ThrowExceptionForRC(result, handle);
    }
}
