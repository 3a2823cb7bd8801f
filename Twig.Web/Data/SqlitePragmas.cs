using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Twig.Web.Data;

/// <summary>
/// WAL lets readers (progress pages) proceed while a sync writes; the busy timeout makes concurrent
/// writers wait for each other instead of failing at once. Commits leave the log's checkpoint to
/// <see cref="SqliteCheckpointer"/>: SQLite's own one runs only past its backstop. Every connection also gets the collation
/// names are sorted with (<see cref="NameOrder"/>).
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();
    /// <summary>How long a connection waits for another's lock before failing (also set on connections opened outside EF).</summary>
    public const int BusyTimeoutMilliseconds = 30_000;
    private static readonly string Pragmas = string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={BusyTimeoutMilliseconds}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; " +
        $"PRAGMA wal_autocheckpoint={SqliteCheckpointer.BackstopPages};");

    // The pragmas belong to the native connection, which the pool keeps open between EF's opens and closes: set them
    // once per native connection, not on every open (EF opens around each query, a dozen times per sign-in).
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        RegisterCollation(connection);
        if (AlreadyConfigured(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        RegisterCollation(connection);
        if (AlreadyConfigured(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    // On every open, not once per native connection: Microsoft.Data.Sqlite may drop a connection's collations when it goes
    // back to the pool, and registering one is a single native call.
    private static void RegisterCollation(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite) NameOrder.Register(sqlite);
    }

    private static bool AlreadyConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Configured.TryGetValue(handle, out _);

    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) Configured.AddOrUpdate(handle, handle);
    }
}
