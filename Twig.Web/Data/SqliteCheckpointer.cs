using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Twig.Web.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file in the background, so that no commit waits for it. Left to
/// SQLite, the commit that takes the log past its limit does the copy itself: a night's sync committed its roster and then
/// spent half a second writing and syncing the ~30,000 pages it touched before its run could end. SQL Server likewise
/// hardens only its log at commit and checkpoints on its own. A passive checkpoint neither waits for nor blocks readers
/// and writers; what it cannot copy yet (a reader still on older pages) is copied at a later tick.
/// </summary>
internal sealed class SqliteCheckpointer(DatabaseInfo database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    /// <summary>
    /// SQLite's own checkpoint stays as a backstop for a log this long (pages), should this service not run (a command-line
    /// verb) or fall behind; a night's sync of a 200,000-student district writes about a third of it.
    /// </summary>
    public const int BackstopPages = 100_000;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Log pages copied in one checkpoint from which it is worth an information line (a bulk write's).</summary>
    private const int NotablePages = 1_000;

    private long _ticks;
    private long _copyingTicks;

    /// <summary>The database has been opened at a tick (so a later "cannot open" means it went away).</summary>
    private bool _seen;

    /// <summary>The database, once seen, could not be opened at the latest tick.</summary>
    private bool _missing;

    /// <summary>Checkpoints run so far (one a tick), and the log as the latest left it.</summary>
    public long Ticks => Interlocked.Read(ref _ticks);

    public WalState Latest { get; private set; } = new(-1, -1);

    /// <summary>Time spent in the checkpoints that copied pages.</summary>
    public TimeSpan CopyingTime => TimeSpan.FromTicks(Interlocked.Read(ref _copyingTicks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Opened afresh each time and never created: a database deleted or not yet made is left alone.
        var builder = new SqliteConnectionStringBuilder(database.ConnectionString) { Mode = SqliteOpenMode.ReadWrite };
        var connectionString = builder.ToString();
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var started = TimeProvider.System.GetTimestamp();
                var state = await CheckpointAsync(connectionString, stoppingToken);
                if (_missing) logger.LogInformation("The database file {File} is there again; checkpoints resume", builder.DataSource);
                (_seen, _missing) = (true, false);
                var took = TimeProvider.System.GetElapsedTime(started);
                var copied = state.CopiedSince(Latest);
                Latest = state;
                if (copied > 0) Interlocked.Add(ref _copyingTicks, took.Ticks);
                if (copied >= NotablePages)
                    logger.LogInformation("Checkpointed {Pages} write-ahead log pages into the database in {Ms} ms", copied,
                        (long)took.TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_CANTOPEN)
            {
                // A database that went away while Twig runs is an operator's to see, once; not one not yet made (the start-up
                // tasks make it, and a tick may come first), nor every second while it stays away.
                if (_seen && !_missing)
                    logger.LogWarning(ex, "The database file {File} cannot be opened: it was deleted, moved or made unreadable " +
                        "while Twig runs. Checkpoints stop until it is back", builder.DataSource);
                else
                    logger.LogDebug(ex, "The database file {File} is not there to checkpoint; it is looked for again at the next tick",
                        builder.DataSource);
                _missing = _seen;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed checkpoint loses nothing (the log keeps every page) and must not stop the app: tried again next tick.
                logger.LogWarning(ex, "The write-ahead log checkpoint failed; it is tried again at the next tick");
            }
            Interlocked.Increment(ref _ticks);
        }
    }

    /// <summary>One passive checkpoint, and the log as it leaves it.</summary>
    private static async Task<WalState> CheckpointAsync(string connectionString, CancellationToken token)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(token);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync(token);
        // busy, pages in the log, pages of it copied; -1, -1 when it could not run (another checkpoint is running) or the
        // database is not in WAL mode.
        return await reader.ReadAsync(token) ? new WalState(reader.GetInt32(1), reader.GetInt32(2)) : new WalState(-1, -1);
    }

    /// <summary>The log's length in pages and how many of them are in the database file (-1, -1 when not known).</summary>
    public sealed record WalState(int Pages, int Copied)
    {
        /// <summary>The log is reused from its start once fully copied, so a shorter log than before is a new one.</summary>
        public int CopiedSince(WalState before) =>
            Copied < 0 ? 0
            : before.Copied >= 0 && Pages >= before.Pages && Copied >= before.Copied ? Copied - before.Copied
            : Copied;

        /// <summary>Every page of the log is in the database file.</summary>
        public bool Folded => Pages >= 0 && Copied == Pages;
    }
}
