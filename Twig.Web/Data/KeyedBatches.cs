using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Twig.Web.Data;

/// <summary>
/// Works through a set of rows a batch at a time, by key: find the key of the N-th row, act on every row up to it,
/// repeat. No statement touches more than N rows, so none reaches SQL Server's 5,000-lock escalation point (a lock on the
/// whole table, every district's rows), even inside one long transaction. Plain EF: the same code on SQLite and SQL Server.
/// </summary>
public static class KeyedBatches
{
    /// <summary>Under SQL Server's escalation point of 5,000 locks per statement on one index.</summary>
    public const int Size = 4_000;

    /// <summary>
    /// Half of <see cref="Size"/> for updates: one that changes an indexed column (an active flag) moves that index's row,
    /// locking its old and its new key, two locks a row on that index.
    /// </summary>
    public const int UpdateSize = Size / 2;

    /// <param name="rows">
    /// Rows <paramref name="act"/> takes out of the set (deletes them, or deactivates the active ones), so the loop ends.
    /// </param>
    /// <param name="unique">False when several rows share a key value (a link table keyed by its first column).</param>
    /// <param name="statement">Told how many rows each statement touched; returns the count to add up.</param>
    public static async Task<int> RunAsync<T, TKey>(IQueryable<T> rows, Expression<Func<T, TKey>> key, int batchSize,
        Func<IQueryable<T>, Task<int>> act, CancellationToken token, bool unique = true, Func<int, int>? statement = null)
        where T : class where TKey : struct
    {
        statement ??= rowsTouched => rowsTouched;
        var total = 0;
        while (true)
        {
            var last = await rows.OrderBy(key).Select(key).Select(k => (TKey?)k).Skip(batchSize - 1).FirstOrDefaultAsync(token);
            if (last is null) return total + statement(await act(rows));
            var done = statement(await act(rows.Where(UpTo(key, last.Value, inclusive: unique))));
            // Every row of the batch shares one key value: take them together (a person is in a handful of schools).
            if (done == 0) done = statement(await act(rows.Where(UpTo(key, last.Value, inclusive: true))));
            total += done;
        }
    }

    /// <summary>
    /// Updates <paramref name="rows"/> (which the update takes out of the set) at most <see cref="UpdateSize"/> a statement.
    /// </summary>
    public static Task<int> UpdateAsync<T>(IQueryable<T> rows, Expression<Func<T, int>> key, Action<UpdateSettersBuilder<T>> set,
        CancellationToken token) where T : class =>
        RunAsync(rows, key, UpdateSize, batch => batch.ExecuteUpdateAsync(set, token), token);

    /// <summary>Deletes <paramref name="rows"/> at most <see cref="Size"/> a statement.</summary>
    public static Task<int> DeleteAsync<T>(IQueryable<T> rows, Expression<Func<T, int>> key, CancellationToken token) where T : class =>
        RunAsync(rows, key, Size, batch => batch.ExecuteDeleteAsync(token), token);

    private sealed class Bound<TKey>(TKey value)
    {
        public TKey Value { get; } = value;
    }

    private static Expression<Func<T, bool>> UpTo<T, TKey>(Expression<Func<T, TKey>> key, TKey bound, bool inclusive)
    {
        // A member of a closure object, so EF sends the bound as a parameter rather than a literal.
        Expression value = Expression.Property(Expression.Constant(new Bound<TKey>(bound)), nameof(Bound<TKey>.Value));
        var body = inclusive ? Expression.LessThanOrEqual(key.Body, value) : Expression.LessThan(key.Body, value);
        return Expression.Lambda<Func<T, bool>>(body, key.Parameters);
    }
}
