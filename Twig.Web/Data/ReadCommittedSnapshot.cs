using Microsoft.EntityFrameworkCore;

namespace Twig.Web.Data;

/// <summary>
/// On SQL Server, readers (dashboards, progress pages, sign-in) must never wait for a sync's long write
/// transaction: READ_COMMITTED_SNAPSHOT makes READ COMMITTED read the last committed row version instead of
/// taking shared locks. The SqlServerCollationsAndSnapshot migration turns it on (a no-op where it is on already,
/// as on Azure SQL Database); start-up and <c>/health/ready</c> check it is still on. SQLite gets the same from WAL (see
/// <see cref="SqlitePragmas"/>).
/// </summary>
public static class ReadCommittedSnapshot
{
    public const string Requirement =
        "The SQL Server database must have READ_COMMITTED_SNAPSHOT ON (ALTER DATABASE CURRENT SET READ_COMMITTED_SNAPSHOT ON), so " +
            "readers never wait for a sync.";

    /// <summary>One row, one bit: this database's setting. Column named Value for <c>SqlQueryRaw</c>.</summary>
    public const string Query = "SELECT is_read_committed_snapshot_on AS [Value] FROM sys.databases WHERE database_id = DB_ID()";

    /// <summary>The decision, kept apart from the query: null when reads are fine, else what is wrong.</summary>
    public static string? Problem(DatabaseProvider provider, bool? snapshotOn) =>
        provider != DatabaseProvider.SqlServer || snapshotOn == true ? null : Requirement;

    /// <summary>Reads the setting where it matters (SQL Server only) and decides.</summary>
    public static async Task<string?> CheckAsync(TwigDb db, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        if (provider != DatabaseProvider.SqlServer) return null;
        var values = await db.Database.SqlQueryRaw<bool>(Query).ToListAsync(cancellationToken);
        return Problem(provider, values.Count == 1 ? values[0] : null);
    }
}
