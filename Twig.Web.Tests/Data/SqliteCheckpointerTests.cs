using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Twig.Web.Data;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Data;

/// <summary>
/// A commit through Twig's connections leaves the write-ahead log's pages for the background checkpointer, which copies them
/// at its next tick. On a database file of its own, so no other test's writes or checkpoints move the log it looks at.
/// </summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"twig-wal-{Guid.NewGuid():N}.db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString();

    [Fact]
    public async Task A_large_commit_leaves_its_log_to_the_checkpointer_which_copies_it_at_its_next_tick()
    {
        await using (var db = TwigContext())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE \"Rows\" (\"Id\" INTEGER PRIMARY KEY, \"Text\" TEXT NOT NULL);");
            Assert.Equal(SqliteCheckpointer.BackstopPages, await ScalarAsync(db, "PRAGMA wal_autocheckpoint;"));
            // About 2,500 pages: SQLite's own default (1,000) would have copied them in the commit.
            await db.Database.ExecuteSqlRawAsync("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
                INSERT INTO "Rows" ("Text") SELECT printf('%.900c', 'x') FROM n;
                """);

            var afterCommit = ReadLogIndex();
            Assert.True(afterCommit.Frames > 2_000, $"the log holds {afterCommit.Frames} pages");
            Assert.True(afterCommit.Copied < afterCommit.Frames, "the commit copied the log into the database itself");

            var (checkpointer, _) = await RunUntilTicksAsync(1);

            Assert.True(checkpointer.Latest.Folded, $"the log after the tick: {checkpointer.Latest}");
            Assert.Equal(afterCommit.Frames, ReadLogIndex().Copied);
            Assert.True(checkpointer.CopyingTime > TimeSpan.Zero);
            Assert.Equal(10_000, await ScalarAsync(db, "SELECT COUNT(*) FROM \"Rows\";"));
        }
    }

    [Fact]
    public async Task A_missing_database_is_neither_created_nor_an_error()
    {
        var logs = new LogCapture();
        var (checkpointer, _) = await RunUntilTicksAsync(2, logs);

        Assert.True(checkpointer.Ticks >= 2, "the checkpointer never ticked");
        Assert.False(File.Exists(_path));
        // Not yet made (the start-up tasks make it, and a tick may come first) is not a database gone missing.
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_that_goes_missing_is_a_warning_once_and_its_return_an_information_line()
    {
        await CreateDatabaseAsync();
        var logs = new LogCapture();
        using var checkpointer = await StartAsync(logs);
        await WaitForTicksAsync(checkpointer, 1);
        Assert.Empty(Lines(logs, "Warning"));

        DeleteDatabase();
        await WaitForTicksAsync(checkpointer, checkpointer.Ticks + 4);
        var warning = Assert.Single(Lines(logs, "Warning"));
        Assert.Contains($"The database file {_path} cannot be opened", warning);
        Assert.Contains(Lines(logs, "Debug"), l => l.Contains($"The database file {_path} is not there", StringComparison.Ordinal));

        await CreateDatabaseAsync();
        await WaitForTicksAsync(checkpointer, checkpointer.Ticks + 2);
        await checkpointer.StopAsync(CancellationToken.None);

        Assert.Single(Lines(logs, "Warning"));
        Assert.Equal($"Information {typeof(SqliteCheckpointer).FullName}: The database file {_path} is there again; checkpoints resume",
            Assert.Single(Lines(logs, "Information")));
    }

    private static List<string> Lines(LogCapture logs, string level) =>
        logs.Lines.Where(l => l.StartsWith(level + " ", StringComparison.Ordinal)).ToList();

    private async Task CreateDatabaseAsync()
    {
        await using var db = TwigContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS \"Rows\" (\"Id\" INTEGER PRIMARY KEY);");
    }

    private void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }

    [Fact]
    public async Task A_failing_checkpoint_is_tried_again_instead_of_stopping_the_service()
    {
        await File.WriteAllTextAsync(_path, "not a database: every checkpoint fails");
        var (checkpointer, stoppedOnItsOwn) = await RunUntilTicksAsync(2);

        Assert.False(stoppedOnItsOwn, "the checkpointer stopped on a failed checkpoint");
        Assert.True(checkpointer.Ticks >= 2, "the checkpointer did not go on ticking");
    }

    /// <summary>Runs the service on this test's database until it has ticked <paramref name="ticks"/> times (or stopped on its
    /// own), then stops it.</summary>
    private async Task<(SqliteCheckpointer Checkpointer, bool StoppedOnItsOwn)> RunUntilTicksAsync(int ticks, LogCapture? logs = null)
    {
        using var checkpointer = await StartAsync(logs);
        await WaitForTicksAsync(checkpointer, ticks);
        var stoppedOnItsOwn = checkpointer.ExecuteTask is { IsCompleted: true };
        await checkpointer.StopAsync(CancellationToken.None);
        return (checkpointer, stoppedOnItsOwn);
    }

    /// <summary>The service started on this test's database, logging into <paramref name="logs"/> (every level) when given.</summary>
    private async Task<SqliteCheckpointer> StartAsync(LogCapture? logs)
    {
        ILogger<SqliteCheckpointer> logger = logs is null
            ? NullLogger<SqliteCheckpointer>.Instance
            : new Logger<SqliteCheckpointer>(LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var checkpointer = new SqliteCheckpointer(new DatabaseInfo(DatabaseProvider.Sqlite, ConnectionString), logger);
        await checkpointer.StartAsync(CancellationToken.None);
        return checkpointer;
    }

    /// <summary>Until the service has ticked <paramref name="ticks"/> times in all (or stopped on its own).</summary>
    private static async Task WaitForTicksAsync(SqliteCheckpointer checkpointer, long ticks)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (checkpointer.Ticks < ticks && DateTime.UtcNow < deadline && checkpointer.ExecuteTask is { IsCompleted: false })
            await Task.Delay(50);
        Assert.True(checkpointer.Ticks >= ticks || checkpointer.ExecuteTask is { IsCompleted: true },
            $"the checkpointer ticked {checkpointer.Ticks} times, not {ticks}");
    }

    private SqliteTwigDb TwigContext() => new(new DbContextOptionsBuilder<SqliteTwigDb>()
        .UseSqlite(ConnectionString).AddInterceptors(SqlitePragmas.Instance).Options);

    private static async Task<long> ScalarAsync(TwigDb db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The log's length in pages and how many of them are in the database file, read from the shared-memory index without
    /// running a checkpoint (SQLite's file format: the header's mxFrame at byte 16, the checkpoint's nBackfill at byte 96).
    /// </summary>
    private (uint Frames, uint Copied) ReadLogIndex()
    {
        using var shm = new FileStream(_path + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[100];
        shm.ReadExactly(header);
        return (BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16)), BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(96)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" }) File.Delete(file);
    }
}
