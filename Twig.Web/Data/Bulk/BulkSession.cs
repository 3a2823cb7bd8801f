using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Twig.Web.Data.Bulk;

/// <summary>Writes rows of entity tables by property name; see <see cref="BulkWriter"/>.</summary>
public sealed partial class BulkSession
{
    private const int CommandTimeoutSeconds = 600;
    private readonly TwigDb _db;
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly bool _sqlServer;
    private readonly IBulkCopy _bulkCopy;
    private readonly CancellationToken _token;

    internal BulkSession(TwigDb db, DbConnection connection, DbTransaction transaction, bool sqlServer, IBulkCopy bulkCopy,
        CancellationToken token)
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
            var loaded = rows.Select(r => (string)r[keyIndex]!).ToHashSet(StringComparer.Ordinal);
            await ReadBackAsync(table, id, keyColumn, scope, loaded, null, ids);
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

    /// <summary>
    /// Updates one row per entry of <paramref name="rows"/>: the values of <paramref name="properties"/> in order, then the
    /// value of <paramref name="key"/> that picks the row.
    /// </summary>
    public Task UpdateAsync<TEntity>(string[] properties, string key, IReadOnlyList<object?[]> rows)
    {
        if (rows.Count == 0) return Task.CompletedTask;
        var table = Table<TEntity>();
        var columns = properties.Select(p => table[p]).Append(table[key]).ToArray();
        if (!_sqlServer)
        {
            // SQLite: a native statement bound by position, as the INSERTs are (binding by name scans the names per parameter).
            var set = string.Join(", ", columns[..^1].Select(c => $"{c.Quoted} = ?"));
            if (SqliteInserts.TryRun(_connection, table, columns, rows, Written, _token,
                    $"UPDATE {table.Quoted} SET {set} WHERE {columns[^1].Quoted} = ?;"))
                return Task.CompletedTask;
        }
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

    /// <summary>
    /// Deletes every row whose <paramref name="column"/> is one of <paramref name="ids"/>: on SQL Server 1,000 ids a statement,
    /// since an id may name several rows (a person's school links) and a statement must stay under 5,000 row locks.
    /// </summary>
    public Task DeleteWhereInAsync<TEntity>(string column, IEnumerable<int> ids)
    {
        var table = Table<TEntity>();
        return WhereInAsync(table, $"DELETE FROM {table.Quoted} WHERE {table[column].Quoted} IN ({{0}})", [], table[column], ids,
            maxIds: 1_000);
    }
}
