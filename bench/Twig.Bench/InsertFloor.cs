using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Twig.Bench;

/// <summary>
/// Floor (b): the rows a scenario wrote, read back from Twig's database beforehand (untimed), then inserted into a
/// fresh file with Twig's own schema and indexes, SQLite pragmas as Twig sets them (WAL, synchronous=NORMAL,
/// foreign keys on), with one prepared ADO.NET command per table inside one transaction. Only the insert is timed.
/// </summary>
internal static class InsertFloor
{
    public sealed record Table(string Name, string Where);

    /// <summary>The timed insert: wall-clock seconds, and the process's CPU seconds over the same span.</summary>
    public sealed record Timing(double Seconds, double CpuSeconds, long Rows);

    public static (double Seconds, long Rows) Run(string sourcePath, string directory, IReadOnlyList<Table> tables)
    {
        var timing = Time(sourcePath, directory, tables);
        return (timing.Seconds, timing.Rows);
    }

    public static Timing Time(string sourcePath, string directory, IReadOnlyList<Table> tables)
    {
        var target = Path.Combine(directory, $"floor-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={target};Pooling=False");
            connection.Open();
            SqliteFiles.Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;" + (Environment.GetEnvironmentVariable("BENCH_CACHE") is { } cache ? $" PRAGMA cache_size={cache};" : ""));
            SqliteFiles.Execute(connection, $"ATTACH DATABASE '{sourcePath.Replace("'", "''", StringComparison.Ordinal)}' AS src;");

            // Twig's schema: tables first, then indexes; every table but the measured ones gets its rows (parents for foreign keys).
            var schema = new List<(string Type, string Name, string Sql)>();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT type, name, sql FROM src.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END";
                using var reader = command.ExecuteReader();
                while (reader.Read()) schema.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
            foreach (var (_, _, sql) in schema) SqliteFiles.Execute(connection, sql);
            var measured = tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var (type, name, _) in schema)
                if (type == "table" && !measured.Contains(name) && name != "__EFMigrationsHistory")
                    SqliteFiles.Execute(connection, $"""INSERT INTO main."{name}" SELECT * FROM src."{name}";""");

            var loaded = new List<(string Sql, int Columns, List<object?[]> Rows)>();
            foreach (var table in tables)
            {
                var rows = new List<object?[]>();
                var columns = new List<string>();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = $"""SELECT * FROM src."{table.Name}" WHERE {table.Where}""";
                    using var reader = command.ExecuteReader();
                    for (var i = 0; i < reader.FieldCount; i++) columns.Add(reader.GetName(i));
                    while (reader.Read())
                    {
                        var row = new object?[reader.FieldCount];
                        reader.GetValues(row!);
                        rows.Add(row);
                    }
                }
                var sql = $"""INSERT INTO main."{table.Name}" ({string.Join(",", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(",", columns.Select((_, i) => $"@p{i}"))})""";
                loaded.Add((sql, columns.Count, rows));
            }
            SqliteFiles.Execute(connection, "DETACH DATABASE src; PRAGMA foreign_keys=ON;");
            GC.Collect();

            var cpu = Cpu.Seconds();
            var timer = Stopwatch.StartNew();
            long written = 0;
            using (var transaction = connection.BeginTransaction())
            {
                foreach (var (sql, count, rows) in loaded)
                {
                    using var insert = connection.CreateCommand();
                    insert.Transaction = transaction;
                    insert.CommandText = sql;
                    var parameters = new SqliteParameter[count];
                    for (var i = 0; i < count; i++) parameters[i] = insert.Parameters.Add(new SqliteParameter($"@p{i}", null));
                    insert.Prepare();
                    foreach (var row in rows)
                    {
                        for (var i = 0; i < count; i++) parameters[i].Value = row[i] ?? DBNull.Value;
                        insert.ExecuteNonQuery();
                        written++;
                    }
                }
                transaction.Commit();
            }
            timer.Stop();
            return new Timing(timer.Elapsed.TotalSeconds, Cpu.Seconds() - cpu, written);
        }
        finally
        {
            SqliteFiles.Delete(target);
        }
    }

}

/// <summary>
/// CPU seconds used by this process so far. On a machine shared with other builds the wall clock of a scenario and of its
/// floor stretch by different amounts; the CPU each one used does not, so the csv scenarios report a CPU ratio beside the
/// wall-clock one.
/// </summary>
internal static class Cpu
{
    public static double Seconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }
}
