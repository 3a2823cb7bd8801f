using Microsoft.Data.Sqlite;
using Twig.Web.Data.Bulk;

namespace Twig.Web.Tests.Data;

/// <summary>
/// A read on a connection of its own (stepped natively, outside EF) waits for another connection's lock as EF's do. On a
/// database file of its own: the lock it takes must never reach the shared test database.
/// </summary>
public sealed class SqliteRowsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"twig-rows-{Guid.NewGuid():N}.db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();

    [Fact]
    public async Task A_read_on_its_own_connection_waits_for_a_lock_instead_of_failing()
    {
        await using var holder = new SqliteConnection(ConnectionString);
        await holder.OpenAsync();
        await Execute(holder, "CREATE TABLE \"Numbers\" (\"Value\" INTEGER NOT NULL); INSERT INTO \"Numbers\" VALUES (7);");
        // Another connection holds the file exclusively (as a writer's commit or a checkpoint briefly does).
        await Execute(holder, "BEGIN EXCLUSIVE; INSERT INTO \"Numbers\" VALUES (8);");

        var read = SqliteRows.ReadOnOwnConnectionAsync(holder, "SELECT \"Value\" FROM \"Numbers\" ORDER BY \"Value\"", [], 1,
            CancellationToken.None);
        // The read starts while the lock is held; without a busy handler it would fail with SQLITE_BUSY at once.
        await Task.Delay(300);
        await Execute(holder, "COMMIT;");

        Assert.Equal([7L, 8L], await read);
    }

    public void Dispose()
    {
        foreach (var file in new[] { _path, _path + "-journal" }) File.Delete(file);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
