using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Twig.Web.Data.Bulk;

/// <summary>How a <see cref="BulkSession"/> builds, binds and runs its commands on the caller's connection and transaction.</summary>
public sealed partial class BulkSession
{
    private async Task<int> MaxIdAsync(BulkTable table, BulkColumn id)
    {
        await using var command = Create($"SELECT MAX({id.Quoted}) FROM {table.Quoted};");
        return await command.ExecuteScalarAsync(_token) is { } value and not DBNull
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : 0;
    }

    /// <param name="maxIds">SQL Server: at most this many ids a statement (never more than the parameters allow).</param>
    private async Task WhereInAsync(BulkTable table, string sqlFormat, (BulkColumn Column, object? Value)[] constants, BulkColumn idColumn,
        IEnumerable<int> ids, int maxIds = int.MaxValue)
    {
        // In key order, so the seeks walk the table's pages (and the indexes it updates) forwards instead of hopping between them.
        var all = ids.ToArray();
        if (all.Length == 0) return;
        Array.Sort(all);
        if (!_sqlServer)
        {
            // SQLite: every id in one statement, as one JSON array it walks itself (each id a seek of the key).
            await using var single = Create(string.Format(CultureInfo.InvariantCulture, sqlFormat, "SELECT value FROM json_each(@ids)"));
            for (var i = 0; i < constants.Length; i++) Add(single, $"@s{i}", constants[i].Column, constants[i].Value, table.Name);
            var list = single.CreateParameter();
            list.ParameterName = "@ids";
            list.DbType = DbType.String;
            list.Value = SqliteRows.JsonArray(all);
            single.Parameters.Add(list);
            await ExecuteAsync(single);
            Written?.Invoke(all.Length);
            return;
        }
        var chunkSize = Math.Min(BulkWriter.MaxParameters - constants.Length, maxIds);
        DbCommand? command = null;
        try
        {
            foreach (var chunk in all.Chunk(chunkSize))
            {
                if (command is null || command.Parameters.Count != constants.Length + chunk.Length)
                {
                    if (command is not null) await command.DisposeAsync();
                    var list = string.Join(", ", chunk.Select((_, i) => $"@i{i}"));
                    command = Create(string.Format(CultureInfo.InvariantCulture, sqlFormat, list));
                    for (var i = 0; i < constants.Length; i++) Add(command, $"@s{i}", constants[i].Column, constants[i].Value, table.Name);
                    for (var i = 0; i < chunk.Length; i++) Add(command, $"@i{i}", idColumn, null, table.Name);
                }
                for (var i = 0; i < chunk.Length; i++)
                    command.Parameters[constants.Length + i].Value = idColumn.ToProvider(chunk[i], table.Name);
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
    private async Task RunAsync(BulkTable bulkTable, BulkColumn[] columns, IReadOnlyList<object?[]> rows, int rowsPerCommand,
        Func<int, string> sqlFor, Func<DbCommand, Task>? execute)
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
                    for (var c = 0; c < columns.Length; c++)
                        command.Parameters[r * columns.Length + c].Value = columns[c].ToProvider(values[c], table);
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
        for (var start = 0; start < rows.Count; start += BulkWriter.BulkCopyRowsPerLoad)
        {
            var end = Math.Min(rows.Count, start + BulkWriter.BulkCopyRowsPerLoad);
            using var data = new DataTable(table.Name) { Locale = CultureInfo.InvariantCulture };
            foreach (var column in columns) data.Columns.Add(column.Name, column.ProviderType).AllowDBNull = column.IsNullable;
            data.BeginLoadData();
            var values = new object[columns.Length];
            for (var r = start; r < end; r++)
            {
                var row = rows[r];
                for (var c = 0; c < columns.Length; c++) values[c] = columns[c].ToProvider(row[c], table.Name);
                data.Rows.Add(values);
            }
            data.EndLoadData();
            var request = new BulkCopyRequest(_connection, _transaction, table, columns, data, BulkWriter.BulkCopyBatchSize);
            await _bulkCopy.WriteAsync(request, _token);
            Written?.Invoke(end - start);
        }
    }

    /// <summary>
    /// After a bulk load or plain INSERTs: one query for the ids of the rows in <paramref name="scope"/> (above <paramref name="above"/>
    /// when given), keeping those just inserted. Their keys are unique in the scope, so a row with one of them is the new row.
    /// </summary>
    private async Task ReadBackAsync(BulkTable table, BulkColumn id, BulkColumn key, (string Property, object Value)[] scope,
        HashSet<string> inserted,
        int? above, Dictionary<string, int> ids)
    {
        // Above a known id (SQLite only), the scope's columns are written +"Column": the unary plus keeps SQLite from choosing
        // their index, which would walk every row of the scope (a district's 200,000 people) to find the few just inserted,
        // and leaves it the id range, which seeks straight to them.
        var conditions = scope.Select((s, i) => $"{(above is null ? "" : "+")}{table[s.Property].Quoted} = @s{i}").ToList();
        if (above is not null) conditions.Add($"{id.Quoted} > @above");
        var where = string.Join(" AND ", conditions);
        var filter = where.Length == 0 ? "" : " WHERE " + where;
        await using var command = Create($"SELECT {id.Quoted}, {key.Quoted} FROM {table.Quoted}{filter};");
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
        else if (_sqlServer)
            throw new InvalidOperationException($"{table}.{column.Name} ({column.StoreType}) has no parameter type in the model.");
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
