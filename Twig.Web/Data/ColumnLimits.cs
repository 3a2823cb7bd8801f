using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;

namespace Twig.Web.Data;

/// <summary>
/// The maximum length of every string column, read once from the EF model (the same on both engines), so the checks
/// on values from Clever and users.csv can never drift from the schema. SQL Server refuses a longer value (error 2628).
/// </summary>
public static class ColumnLimits
{
    private static readonly Lazy<FrozenDictionary<(Type, string), int>> Limits = new(Read);

    /// <summary>The column length of <typeparamref name="T"/>.<paramref name="property"/>; throws for a column without one.</summary>
    public static int Of<T>(string property) =>
        Limits.Value.TryGetValue((typeof(T), property), out var max)
            ? max
            : throw new InvalidOperationException($"{typeof(T).Name}.{property} has no maximum length in the model.");

    /// <summary>The value cut to at most <paramref name="max"/> characters (never splitting a surrogate pair).</summary>
    public static string Clip(string value, int max)
    {
        if (value.Length <= max) return value;
        var end = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return value[..end];
    }

    private static FrozenDictionary<(Type, string), int> Read()
    {
        // A context that never connects: only its model is read (the configuration is shared by both providers).
        using var db = new SqliteTwigDb(new DbContextOptionsBuilder<SqliteTwigDb>().UseSqlite("Data Source=:memory:").Options);
        return db.Model.GetEntityTypes()
            .Where(e => !e.IsOwned() && e.ClrType != typeof(Dictionary<string, object>))
            .SelectMany(e => e.GetProperties().Select(p => (Entity: e.ClrType, p.Name, Max: p.GetMaxLength())))
            .Where(p => p.Max is not null)
            .DistinctBy(p => (p.Entity, p.Name))
            .ToFrozenDictionary(p => (p.Entity, p.Name), p => p.Max!.Value);
    }
}
