using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Twig.Web.Data.Bulk;

/// <summary>
/// What one bulk load sends: rows for <paramref name="Table"/>'s <paramref name="Columns"/> (in the DataTable's column order,
/// each DataTable column named after its destination column), on the caller's connection and open transaction.
/// </summary>
public sealed record BulkCopyRequest(
    DbConnection Connection, DbTransaction Transaction, BulkTable Table, IReadOnlyList<BulkColumn> Columns, DataTable Rows, int BatchSize);

/// <summary>
/// The one call that cannot run over an ordinary <see cref="DbCommand"/>: SQL Server's bulk load. Kept this narrow so the
/// dry-run tests can check exactly what would be sent (columns and types against the model) without a server.
/// </summary>
public interface IBulkCopy
{
    Task WriteAsync(BulkCopyRequest request, CancellationToken token);
}

/// <summary>
/// <see cref="SqlBulkCopy"/> inside the open transaction. Constraints are checked (so foreign keys stay trusted), nulls are
/// kept as nulls, and each batch stays under SQL Server's lock-escalation threshold of 5,000 locks.
/// </summary>
public sealed class SqlServerBulkCopy : IBulkCopy
{
    public async Task WriteAsync(BulkCopyRequest request, CancellationToken token)
    {
        using var copy = new SqlBulkCopy((SqlConnection)request.Connection,
            SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.KeepNulls, (SqlTransaction)request.Transaction)
        {
            DestinationTableName = request.Table.Quoted,
            BatchSize = request.BatchSize,
            BulkCopyTimeout = 0,
            EnableStreaming = true,
        };
        foreach (var column in request.Columns) copy.ColumnMappings.Add(column.Name, column.Name);
        await copy.WriteToServerAsync(request.Rows, token);
    }
}
