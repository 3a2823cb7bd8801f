using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// Deletes a set of rows in keyed batches: find the key of the N-th row, delete every row up to it, repeat. Each
/// statement touches at most N rows and commits on its own, so no statement holds many locks for long, and a deletion
/// stopped half-way simply resumes. Plain EF <c>ExecuteDeleteAsync</c>: the same code on SQLite and SQL Server.
/// </summary>
internal static class BatchDelete
{
    /// <summary>How many delete statements ran and the most rows any one of them touched: the proof batches stayed small.</summary>
    public sealed class Statistics
    {
        public int Statements { get; private set; }
        public int LargestStatement { get; private set; }

        public int Record(int rows)
        {
            Statements++;
            LargestStatement = Math.Max(LargestStatement, rows);
            return rows;
        }
    }

    private sealed class Bound<TKey>(TKey value)
    {
        public TKey Value { get; } = value;
    }

    /// <param name="unique">False when several rows share a key value (a link table keyed by its first column).</param>
    public static async Task<int> RunAsync<T, TKey>(IQueryable<T> rows, Expression<Func<T, TKey>> key, int batchSize,
        CancellationToken token,
        bool unique = true, Statistics? statistics = null) where T : class where TKey : struct
    {
        statistics ??= new Statistics();
        var total = 0;
        while (true)
        {
            var last = await rows.OrderBy(key).Select(key).Select(k => (TKey?)k).Skip(batchSize - 1).FirstOrDefaultAsync(token);
            if (last is null) return total + statistics.Record(await rows.ExecuteDeleteAsync(token));
            var deleted = statistics.Record(await rows.Where(UpTo(key, last.Value, inclusive: unique)).ExecuteDeleteAsync(token));
            // Every row of the batch shares one key value: take them together (a person is in a handful of schools).
            if (deleted == 0)
                deleted = statistics.Record(await rows.Where(UpTo(key, last.Value, inclusive: true)).ExecuteDeleteAsync(token));
            total += deleted;
        }
    }

    private static Expression<Func<T, bool>> UpTo<T, TKey>(Expression<Func<T, TKey>> key, TKey bound, bool inclusive)
    {
        // A member of a closure object, so EF sends the bound as a parameter rather than a literal.
        Expression value = Expression.Property(Expression.Constant(new Bound<TKey>(bound)), nameof(Bound<TKey>.Value));
        var body = inclusive ? Expression.LessThanOrEqual(key.Body, value) : Expression.LessThan(key.Body, value);
        return Expression.Lambda<Func<T, bool>>(body, key.Parameters);
    }
}
