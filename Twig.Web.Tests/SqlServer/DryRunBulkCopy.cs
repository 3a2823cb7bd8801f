using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Twig.Web.Data.Bulk;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// Stands in for SqlBulkCopy, which needs a real server: checks what would be sent against the SQL Server model's
/// destination table (every column exists, each value's type is the column's, required columns are all there and never
/// null, strings fit, batches stay under 5,000 locks) and that it runs inside the pending transaction, then keeps the rows
/// (with new ids) so the read-back that follows can be answered.
/// </summary>
public sealed class DryRunBulkCopy(DryRunServer server, IModel model) : IBulkCopy
{
    public List<BulkCopyRequest> Requests { get; } = [];

    public Task WriteAsync(BulkCopyRequest request, CancellationToken token)
    {
        Requests.Add(request);
        if (request.Connection is not RecordingConnection connection || connection.Pending is null || request.Transaction != connection.Pending)
            server.Violate($"Bulk load into {request.Table.Name} outside the connection's pending transaction.");
        if (request.BatchSize is <= 0 or > 4000)
            server.Violate($"Bulk load into {request.Table.Name} in batches of {request.BatchSize} rows (at most 4,000 stays under lock escalation).");

        var table = model.GetRelationalModel().Tables.SingleOrDefault(t => t.Name == request.Table.Name);
        if (table is null)
        {
            server.Violate($"Bulk load into {request.Table.Name}, which is not a table of the SQL Server model.");
            return Task.CompletedTask;
        }
        // With KeepNulls a column the load leaves out may be loaded as NULL rather than take its default (bcp's -k), so every
        // NOT NULL column is sent, defaults or not; only the identity is the server's.
        foreach (var required in table.Columns.Where(c => !c.IsNullable
                                                           && !c.PropertyMappings.Any(m => m.Property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd
                                                               && m.Property.IsPrimaryKey())))
            if (!request.Rows.Columns.Contains(required.Name))
                server.Violate($"Bulk load into {table.Name} leaves out required column {required.Name}.");

        var columns = new List<(DataColumn Data, IColumn Column, Type Expected)>();
        foreach (DataColumn data in request.Rows.Columns)
        {
            var column = table.FindColumn(data.ColumnName);
            if (column is null)
            {
                server.Violate($"Bulk load into {table.Name} sends column {data.ColumnName}, which the table does not have.");
                continue;
            }
            var mapping = column.PropertyMappings.First().TypeMapping;
            var provider = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            var expected = Nullable.GetUnderlyingType(provider) ?? provider;
            if (data.DataType != expected)
                server.Violate($"Bulk load into {table.Name}.{column.Name} ({column.StoreType}) sends {data.DataType.Name} values; the column takes {expected.Name}.");
            columns.Add((data, column, expected));
        }

        var rows = server.Loaded.TryGetValue(table.Name, out var loaded) ? loaded : server.Loaded[table.Name] = [];
        foreach (DataRow row in request.Rows.Rows)
        {
            var stored = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["Id"] = server.NextId() };
            foreach (var (data, column, expected) in columns)
            {
                var value = row[data];
                if (value is DBNull)
                {
                    if (!column.IsNullable) server.Violate($"Bulk load into {table.Name}.{column.Name} sends NULL to a NOT NULL column.");
                    stored[column.Name] = null;
                    continue;
                }
                if (value.GetType() != expected) server.Violate($"Bulk load into {table.Name}.{column.Name} sends a {value.GetType().Name}.");
                if (value is string text && column.MaxLength is { } max && text.Length > max)
                    server.Violate($"Bulk load into {table.Name}.{column.Name} sends {text.Length} characters to a column of {max}.");
                stored[column.Name] = value;
            }
            rows.Add(stored);
        }
        return Task.CompletedTask;
    }
}
