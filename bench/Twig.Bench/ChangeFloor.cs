using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Twig.Bench;

/// <summary>
/// Floor (w): the night's roster changes written with nothing else to do. A copy of Twig's database is taken before the
/// night (untimed); after it, the roster rows that differ between the copy and Twig's database are read and staged in
/// temporary tables, one per table and statement shape (untimed). Then the copy is brought to the night's state with Twig's
/// pragmas in one transaction, one set-based statement per shape: INSERT of the new rows, UPDATE by key of only the columns
/// that changed, DELETE of the rows that went. Only that transaction, commit included, is timed. It is what the night's
/// writes cost the database itself, so a scenario's time beyond its fetch floor can be set against it.
/// </summary>
internal static class ChangeFloor
{
    /// <summary>Parents first: a new person is inserted before their school links and enrollments.</summary>
    private static readonly string[] Tables = ["Schools", "People", "PersonSchools", "Sections", "Enrollments"];

    public sealed record Timing(double Seconds, long Inserted, long Updated, long Deleted)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{Inserted:N0} rows inserted, {Updated:N0} updated, {Deleted:N0} deleted; one statement per table and shape, one transaction");
    }

    /// <summary>A page-for-page copy of <paramref name="databasePath"/> as it is now (SQLite's online backup).</summary>
    public static string Snapshot(string databasePath, string directory)
    {
        var copy = Path.Combine(directory, $"before-{Guid.NewGuid():N}.db");
        using var source = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        using var target = new SqliteConnection($"Data Source={copy};Pooling=False");
        source.Open();
        target.Open();
        source.BackupDatabase(target);
        // On disk before the timed night starts: the copy's writeback must not run beside it.
        using (var file = new FileStream(copy, FileMode.Open, FileAccess.ReadWrite)) file.Flush(flushToDisk: true);
        return copy;
    }

    /// <summary>
    /// Floor (w) in the floors list, and on each scenario's line (with the fetch floor it is set against): the floor's
    /// seconds and the scenario's ratio to that floor plus (w).
    /// </summary>
    public static void Report(Results results, string prefix, Timing floor, params (Measurement Row, double Fetch)[] rows)
    {
        results.Floor($"{prefix} (w) write the night's changes", floor.Seconds, floor.Describe());
        foreach (var (row, fetch) in rows)
        {
            row.Extra["write_floor_s"] = Math.Round(floor.Seconds, 2);
            row.Extra["ratio_to_fetch_plus_write"] = Math.Round(row.Seconds / (fetch + floor.Seconds), 2);
        }
    }

    /// <summary>Brings <paramref name="snapshot"/> to <paramref name="databasePath"/>'s roster, timing the writes; deletes it.</summary>
    public static Timing Time(string snapshot, string databasePath)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={snapshot};Pooling=False");
            connection.Open();
            // As Twig's connections are: its commit leaves copying the log into the database to the background checkpointer.
            SqliteFiles.Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; " +
                $"PRAGMA wal_autocheckpoint={Twig.Web.Data.SqliteCheckpointer.BackstopPages};");
            SqliteFiles.Execute(connection, $"ATTACH DATABASE '{databasePath.Replace("'", "''", StringComparison.Ordinal)}' AS night;");
            var changes = Tables.Select(table => Read(connection, table)).ToList();
            SqliteFiles.Execute(connection, "DETACH DATABASE night;");
            var batches = changes.SelectMany(c => c.Batches(deletes: false))
                .Concat(Enumerable.Reverse(changes).SelectMany(c => c.Batches(deletes: true))).ToList();
            var statements = batches.Select((batch, i) => batch.Stage(connection, $"staged{i}")).ToList();
            GC.Collect();

            var timer = Stopwatch.StartNew();
            using (var transaction = connection.BeginTransaction())
            {
                foreach (var statement in statements) SqliteFiles.Execute(connection, statement);
                transaction.Commit();
            }
            timer.Stop();
            return new Timing(timer.Elapsed.TotalSeconds, changes.Sum(c => (long)c.Inserts.Count),
                changes.Sum(c => (long)c.Updates.Count), changes.Sum(c => (long)c.Deletes.Count));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            SqliteFiles.Delete(snapshot);
        }
    }

    /// <summary>
    /// One table's difference: rows only the night holds, rows both hold with other values (and which columns differ), and
    /// the keys of rows only the copy holds.
    /// </summary>
    private static TableChanges Read(SqliteConnection connection, string table)
    {
        var columns = new List<(string Name, bool Key)>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = $"""SELECT name, pk FROM pragma_table_info('{table}', 'main') ORDER BY cid""";
            using var reader = info.ExecuteReader();
            while (reader.Read()) columns.Add((reader.GetString(0), reader.GetInt32(1) > 0));
        }
        var changes = new TableChanges(table, columns);
        var keys = columns.Where(c => c.Key).Select(c => c.Name).ToList();
        var on = string.Join(" AND ", keys.Select(k => $"""m."{k}" = n."{k}" """));
        string Of(string alias) => string.Join(",", columns.Select(c => $"{alias}.\"{c.Name}\""));
        using (var command = connection.CreateCommand())
        {
            // The night's row beside the copy's (all nulls when the row is new), and whether it is new.
            command.CommandText = $"""
                SELECT {Of("n")}, {Of("m")}, m."{keys[0]}" IS NULL
                FROM night."{table}" n LEFT JOIN main."{table}" m ON {on}
                WHERE m."{keys[0]}" IS NULL OR ({Of("n")}) IS NOT ({Of("m")})
                """;
            using var reader = command.ExecuteReader();
            var values = new object[columns.Count * 2 + 1];
            while (reader.Read())
            {
                reader.GetValues(values);
                var night = values[..columns.Count];
                if (reader.GetBoolean(columns.Count * 2)) changes.Inserts.Add(night);
                else changes.Updates.Add((night, Enumerable.Range(0, columns.Count)
                    .Where(i => !columns[i].Key && !Equals(values[i], values[columns.Count + i])).ToArray()));
            }
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"""
                SELECT {string.Join(",", keys.Select(k => $"m.\"{k}\""))} FROM main."{table}" m
                WHERE NOT EXISTS (SELECT 1 FROM night."{table}" n WHERE {on})
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var key = new object[keys.Count];
                reader.GetValues(key);
                changes.Deletes.Add(key);
            }
        }
        return changes;
    }

    private sealed class TableChanges(string table, List<(string Name, bool Key)> columns)
    {
        public List<object[]> Inserts { get; } = [];
        public List<(object[] Row, int[] Changed)> Updates { get; } = [];
        public List<object[]> Deletes { get; } = [];

        /// <summary>The row sets that bring the copy to the night's rows, each with the statement that applies it.</summary>
        public IEnumerable<Batch> Batches(bool deletes)
        {
            var keys = columns.Where(c => c.Key).Select(c => c.Name).ToArray();
            var keyOrdinals = Enumerable.Range(0, columns.Count).Where(i => columns[i].Key).ToArray();
            if (deletes)
            {
                yield return new Batch(keys.Length, Deletes, staged =>
                    $"DELETE FROM \"{table}\" WHERE ({Quoted(keys)}) IN (SELECT {Params(0, keys.Length)} FROM temp.{staged})");
                yield break;
            }
            var all = columns.Select(c => c.Name).ToArray();
            yield return new Batch(all.Length, Inserts, staged =>
                $"INSERT INTO \"{table}\" ({Quoted(all)}) SELECT {Params(0, all.Length)} FROM temp.{staged} ORDER BY rowid");
            foreach (var shape in Updates.GroupBy(u => string.Join(",", u.Changed)))
            {
                var changed = shape.First().Changed;
                var set = string.Join(",", changed.Select((c, i) => $"\"{columns[c].Name}\"=s.p{i}"));
                var match = string.Join(" AND ", keys.Select((k, i) => $"\"{table}\".\"{k}\"=s.p{changed.Length + i}"));
                yield return new Batch(changed.Length + keys.Length,
                    shape.Select(u => changed.Select(c => u.Row[c]).Concat(keyOrdinals.Select(k => u.Row[k])).ToArray()).ToList(),
                    staged => $"UPDATE \"{table}\" SET {set} FROM temp.{staged} AS s WHERE {match}");
            }
        }

        private static string Quoted(IEnumerable<string> names) => string.Join(",", names.Select(n => $"\"{n}\""));

        private static string Params(int first, int count) => string.Join(",", Enumerable.Range(first, count).Select(i => $"p{i}"));
    }

    /// <summary>Rows of parameter values (p0, p1, …) and the statement that applies them from their staging table.</summary>
    private sealed record Batch(int Parameters, List<object[]> Rows, Func<string, string> Statement)
    {
        /// <summary>Copies the rows into temporary table <paramref name="name"/>; returns the statement to time.</summary>
        public string Stage(SqliteConnection connection, string name)
        {
            var parameters = Enumerable.Range(0, Parameters).Select(i => $"p{i}").ToArray();
            SqliteFiles.Execute(connection, $"CREATE TEMP TABLE {name} ({string.Join(",", parameters)})");
            using (var transaction = connection.BeginTransaction())
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = $"INSERT INTO temp.{name} VALUES ({string.Join(",", parameters.Select(p => "@" + p))})";
                var values = parameters.Select(p => insert.Parameters.Add(new SqliteParameter("@" + p, null))).ToArray();
                foreach (var row in Rows)
                {
                    for (var i = 0; i < Parameters; i++) values[i].Value = row[i];
                    insert.ExecuteNonQuery();
                }
                transaction.Commit();
            }
            return Statement(name);
        }
    }

}
