using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Twig.Web.Data;

/// <summary>
/// Updates a set of rows a batch at a time, by key: find the key of the N-th row, update every row up to it, repeat.
/// No statement touches more than N rows, so none reaches SQL Server's 5,000-lock escalation point (a lock on the whole
/// table, every district's rows, until the transaction ends), even inside one long transaction.
/// </summary>
public static class KeyedBatchUpdate
{
    /// <summary>Under SQL Server's escalation point of 5,000 locks per statement.</summary>
    public const int BatchSize = 4_000;

    /// <param name="rows">Rows an update takes out of the set (the active ones, when deactivating), so the loop ends.</param>
    public static async Task<int> RunAsync<T>(IQueryable<T> rows, Expression<Func<T, int>> key, Action<UpdateSettersBuilder<T>> set,
        CancellationToken token) where T : class
    {
        var total = 0;
        while (true)
        {
            var last = await rows.OrderBy(key).Select(key).Select(k => (int?)k).Skip(BatchSize - 1).FirstOrDefaultAsync(token);
            if (last is not { } bound) return total + await rows.ExecuteUpdateAsync(set, token);
            total += await rows.Where(UpTo(key, bound)).ExecuteUpdateAsync(set, token);
        }
    }

    private sealed class Bound(int value)
    {
        public int Value { get; } = value;
    }

    private static Expression<Func<T, bool>> UpTo<T>(Expression<Func<T, int>> key, int bound)
    {
        // A member of a closure object, so EF sends the bound as a parameter rather than a literal.
        Expression value = Expression.Property(Expression.Constant(new Bound(bound)), nameof(Bound.Value));
        return Expression.Lambda<Func<T, bool>>(Expression.LessThanOrEqual(key.Body, value), key.Parameters);
    }
}
