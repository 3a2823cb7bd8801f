using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Twig.Web.Data.Bulk;

/// <summary>The integer columns of one row, in the query's column order.</summary>
public delegate void IntegerRow(ReadOnlySpan<long> columns);

/// <summary>
/// Reads rows of integer columns on SQLite's native statement of the EF connection (inside its transaction, if any).
/// Hundreds of thousands of rows (a night's compared enrollments) cost ADO.NET's data reader about a microsecond each in
/// calls and checks; stepping the statement and reading each column as an integer costs SQLite's own work only.
/// </summary>
public static class SqliteRows
{
    /// <summary>
    /// Whether the rows were read here; false (nothing read) when the connection is not an open SQLite connection.
    /// <paramref name="parameters"/> are bound by position (?1, ?2, …): integers as integers, strings as text.
    /// </summary>
    public static bool TryRead(DbConnection connection, string sql, object[] parameters, int columns, IntegerRow row,
        CancellationToken token)
    {
        if (connection is not SqliteConnection { Handle: { } handle }) return false;
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            for (var i = 0; i < parameters.Length; i++)
                Check(handle, parameters[i] switch
                {
                    int number => raw.sqlite3_bind_int64(statement, i + 1, number),
                    long number => raw.sqlite3_bind_int64(statement, i + 1, number),
                    string text => raw.sqlite3_bind_text(statement, i + 1, Encoding.UTF8.GetBytes(text)),
                    var other => throw new InvalidOperationException($"A {other.GetType().Name} cannot be bound here."),
                });
            var values = new long[columns];
            StepAll(handle, statement, token, () =>
            {
                for (var c = 0; c < values.Length; c++) values[c] = raw.sqlite3_column_int64(statement, c);
                row(values);
            });
        }
        return true;
    }

    public static bool IsSqlite(DbConnection connection) => connection is SqliteConnection;

    /// <summary>Twig's own ids (never input) as one JSON array, for a statement that walks them with json_each.</summary>
    public static string JsonArray(IEnumerable<int> ids) =>
        "[" + string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>
    /// Runs a one-number query (a count) on a connection of its own to the same database, on a pool thread, so it can run
    /// beside what the caller's connection reads. Only for reads that need nothing uncommitted of the caller's.
    /// </summary>
    public static async Task<long> CountOnOwnConnectionAsync(DbConnection connection, string sql, object[] parameters,
        CancellationToken token) =>
        (await ReadOnOwnConnectionAsync(connection, sql, parameters, 1, token)) is [var count, ..] ? count : 0;

    /// <summary>
    /// Reads rows as <see cref="TryRead"/> does, on a connection of its own to the same database and on a pool thread, into one
    /// flat list (<paramref name="columns"/> values a row), so a large read can be split across two cores. Only for reads that
    /// need nothing uncommitted of the caller's.
    /// </summary>
    public static Task<List<long>> ReadOnOwnConnectionAsync(DbConnection connection, string sql, object[] parameters, int columns,
        CancellationToken token)
    {
        var connectionString = connection.ConnectionString;
        return Task.Run(() =>
        {
            var rows = new List<long>();
            ReadOnOwnConnection(connectionString, sql, parameters, columns, rows, token);
            return rows;
        }, token);
    }

    /// <summary>
    /// Reads rows as <see cref="TryRead"/> does, on a connection of its own to the database of <paramref name="connectionString"/>
    /// (on the calling thread), appending each row's <paramref name="columns"/> values to <paramref name="rows"/>.
    /// </summary>
    public static void ReadOnOwnConnection(string connectionString, string sql, object[] parameters, int columns, List<long> rows,
        CancellationToken token)
    {
        using var own = new SqliteConnection(connectionString);
        own.Open();
        // Stepped natively, the statement does not get the command timeout's busy handler: a reader meeting a checkpoint's
        // brief lock waits as EF's commands would (the same busy timeout), instead of failing at once.
        raw.sqlite3_busy_timeout(own.Handle, SqlitePragmas.BusyTimeoutMilliseconds);
        TryRead(own, sql, parameters, columns, values => rows.AddRange(values), token);
    }

    /// <summary>Steps a prepared statement to its end, calling <paramref name="onRow"/> at each row (cancellation is checked every
    /// 65,536 rows).</summary>
    internal static void StepAll(sqlite3 handle, sqlite3_stmt statement, CancellationToken token, Action onRow)
    {
        var stepped = 0;
        while (true)
        {
            var step = raw.sqlite3_step(statement);
            if (step == raw.SQLITE_DONE) return;
            if (step != raw.SQLITE_ROW) Check(handle, step);
            if ((++stepped & 0xFFFF) == 0) token.ThrowIfCancellationRequested();
            onRow();
        }
    }

    internal static void Check(sqlite3 handle, int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW)) SqliteException.ThrowExceptionForRC(result, handle);
    }
}
