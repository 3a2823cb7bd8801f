using Microsoft.Data.Sqlite;

namespace Twig.Bench;

/// <summary>What the floors that work on a database file of their own share: running a statement, and removing the file.</summary>
internal static class SqliteFiles
{
    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The database file with its write-ahead log and shared-memory index.</summary>
    public static void Delete(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(path + suffix); } catch (IOException) { }
    }
}
