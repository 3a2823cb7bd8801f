using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// The rows of <see cref="RosterIndex"/>'s load: on SQLite stepped on the native statement of the reader's open connection
/// (a quarter of a million rows each cost ADO.NET's data reader about a microsecond in calls and checks, and the index is
/// awaited before the students are fetched); on other providers through <see cref="RosterReader"/>'s data reader. The SQL
/// and the values are the same either way. SQLite-only branch: SQL Server reads as before.
/// </summary>
internal sealed class IndexRow
{
    private DbDataReader? _reader;
    private sqlite3_stmt? _statement;

    public int Int(int column) => _statement is { } s ? raw.sqlite3_column_int(s, column) : _reader!.GetInt32(column);

    public bool Bool(int column) => _statement is { } s ? raw.sqlite3_column_int64(s, column) != 0 : _reader!.GetBoolean(column);

    public string Text(int column) =>
        _statement is { } s ? Encoding.UTF8.GetString(raw.sqlite3_column_blob(s, column)) : _reader!.GetString(column);

    public long? Hash(int column) => _statement is { } s
        ? raw.sqlite3_column_type(s, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(s, column)
        : _reader!.IsDBNull(column) ? null : _reader.GetInt64(column);

    /// <summary>Runs <paramref name="sql"/> (@d the district, @s Clever) over <paramref name="reader"/>'s connection, which
    /// an earlier read of the reader opened.</summary>
    public static async Task ReadAsync(TwigDb db, RosterReader reader, int districtId, string sql, Action<IndexRow> row,
        CancellationToken ct)
    {
        var current = new IndexRow();
        if (db.Database.GetDbConnection() is SqliteConnection { Handle: { } handle })
        {
            Native(handle, districtId, sql, current, row, ct);
            return;
        }
        await reader.ReadAsync(sql, r =>
        {
            current._reader = r;
            row(current);
        }, ct);
    }

    private static void Native(sqlite3 handle, int districtId, string sql, IndexRow current, Action<IndexRow> row, CancellationToken ct)
    {
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            Check(handle, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@d"), districtId));
            Check(handle, raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@s"), (int)RosterSource.Clever));
            current._statement = statement;
            var stepped = 0;
            while (true)
            {
                var step = raw.sqlite3_step(statement);
                if (step == raw.SQLITE_DONE) break;
                if (step != raw.SQLITE_ROW) Check(handle, step);
                if ((++stepped & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                row(current);
            }
        }
    }

    private static void Check(sqlite3 handle, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW)) SqliteException.ThrowExceptionForRC(result, handle);
    }
}
