using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Twig.Web.Data;

/// <summary>
/// SQL Server refuses a string longer than its column (error 2628, "String or binary data would be truncated");
/// SQLite would store it silently. This makes SQLite refuse it the same way for everything saved through EF, so a
/// value that would fail a production write fails the tests too. The message names the table and column, never the value.
/// </summary>
public sealed class ColumnLengthGuard : SaveChangesInterceptor
{
    public static readonly ColumnLengthGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context) Check(context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) Check(context);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is not string value || property.Metadata.GetMaxLength() is not { } max || value.Length <= max)
                    continue;
                if (entry.State == EntityState.Modified && !property.IsModified) continue;
                var table = entry.Metadata.GetTableName() ?? entry.Metadata.DisplayName();
                var column = property.Metadata.GetColumnName(StoreObjectIdentifier.Table(table, entry.Metadata.GetSchema()))
                    ?? property.Metadata.Name;
                throw new DbUpdateException(
                    $"String or binary data would be truncated in table '{table}', column '{column}': {value.Length} characters for a " +
                        $"column of {max} (SQL Server error 2628).",
                    [entry]);
            }
        }
    }
}
