using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// Deletes a set of rows in keyed batches (<see cref="KeyedBatches"/>). Each statement commits on its own, so no statement
/// holds many locks for long, and a deletion stopped half-way simply resumes.
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

    /// <param name="unique">False when several rows share a key value (a link table keyed by its first column).</param>
    public static Task<int> RunAsync<T, TKey>(IQueryable<T> rows, Expression<Func<T, TKey>> key, int batchSize,
        CancellationToken token,
        bool unique = true, Statistics? statistics = null) where T : class where TKey : struct =>
        KeyedBatches.RunAsync(rows, key, batchSize, batch => batch.ExecuteDeleteAsync(token), token, unique,
            (statistics ?? new Statistics()).Record);
}
