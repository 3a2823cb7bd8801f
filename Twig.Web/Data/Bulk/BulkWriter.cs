using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Twig.Web.Data.Bulk;

/// <summary>
/// The one way Twig writes many rows at once (a Clever sync, a users.csv import): plain parameterised SQL on the EF connection
/// and inside the caller's open transaction, with no change tracking. Table and column names, and every parameter's type
/// and size, come from the EF model (<see cref="BulkTable"/>); the provider comes from the registered <see cref="DatabaseInfo"/>.
/// <list type="bullet">
/// <item>SQLite: INSERTs carry up to 64 rows (under 1,000 parameters) and run as native statements prepared once and bound by
/// position (<see cref="SqliteInserts"/>): binding by name costs SQLite a scan of the statement's names per parameter, and a
/// command per row costs ADO.NET a data reader per row. UPDATEs run one row per native statement, also bound by position.
/// New ids are read back with one query after the INSERTs, never with RETURNING (which turns every INSERT into a data
/// reader). Updates and deletes by a list of ids run as one statement over the ids as a JSON array (json_each).</item>
/// <item>SQL Server: many rows per command (multi-row VALUES, or many UPDATEs in one batch), each command under 2,100 parameters
/// and 1,000 rows, so no statement takes the 5,000 locks that escalate to a table lock. Large creates go through
/// <see cref="IBulkCopy"/> (SqlBulkCopy, 4,000 rows a batch) inside the same transaction, then one read-back of the new ids.</item>
/// </list>
/// </summary>
public sealed class BulkWriter(DatabaseInfo database, IBulkCopy bulkCopy)
{
    /// <summary>Parameters per command; SQL Server refuses more than 2,100.</summary>
    public const int MaxParameters = 2000;
    /// <summary>Rows per INSERT … VALUES; SQL Server refuses more than 1,000.</summary>
    public const int MaxRowsPerStatement = 1000;
    /// <summary>Rows per SqlBulkCopy batch: below SQL Server's lock-escalation threshold of 5,000 locks.</summary>
    public const int BulkCopyBatchSize = 4000;
    /// <summary>
    /// Rows per bulk load (a whole number of batches): a large insert is sent as several loads in the same transaction, so
    /// no more than this many rows are ever held as a DataTable at once.
    /// </summary>
    public const int BulkCopyRowsPerLoad = 12 * BulkCopyBatchSize;
    /// <summary>From this many rows a SQL Server insert is a bulk load rather than batched INSERTs.</summary>
    public const int BulkCopyFrom = 2000;

    /// <summary>A writer on <paramref name="db"/>'s connection and its current transaction (there must be one).</summary>
    public BulkSession Open(TwigDb db, CancellationToken token)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes only ever run inside a transaction.");
        var sqlServer = database.Provider == DatabaseProvider.SqlServer;
        return new BulkSession(db, db.Database.GetDbConnection(), transaction, sqlServer, bulkCopy, token);
    }
}
