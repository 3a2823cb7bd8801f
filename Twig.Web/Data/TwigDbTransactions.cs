using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Twig.Web.Data;

/// <summary>
/// The one way Twig opens a transaction. Production's SQL Server runs a retrying execution strategy, which refuses a
/// transaction begun outside it; SQLite runs one too (<see cref="SqliteRetryingExecutionStrategy"/>), so a stray
/// <c>BeginTransactionAsync</c> fails in every test instead of only in production.
/// </summary>
public static class TwigDbTransactions
{
    /// <summary>
    /// Runs <paramref name="attempt"/> in a transaction under the configured execution strategy, then saves and commits.
    /// Every attempt starts on an empty change tracker, so it must read what it works on itself and build its counts and
    /// issues afresh: a retried attempt sees nothing of the failed one. When the commit's acknowledgement is lost,
    /// <paramref name="verifySucceeded"/> is asked whether the commit happened (and what it produced) before anything is
    /// applied a second time; pass null only when running the attempt twice is harmless.
    /// Inside a transaction that is already open (a command sent by another command), the attempt simply joins it.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this TwigDb db, Func<CancellationToken, Task<T>> attempt,
        Func<CancellationToken, Task<ExecutionResult<T>>>? verifySucceeded, CancellationToken token)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            var joined = await attempt(token);
            await db.SaveChangesAsync(token);
            return joined;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(
            db,
            async (_, context, ct) =>
            {
                context.ChangeTracker.Clear();
                await using var transaction = await context.Database.BeginTransactionAsync(ct);
                var result = await attempt(ct);
                await context.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return result;
            },
            verifySucceeded is null
                ? null
                : async (_, context, ct) =>
                {
                    // The failed attempt's entities must not be mistaken for what the database holds.
                    context.ChangeTracker.Clear();
                    return await verifySucceeded(ct);
                },
            token);
    }

    /// <summary>The attempt committed, and this is what it produced.</summary>
    public static ExecutionResult<T> Committed<T>(T result) => new(true, result);

    /// <summary>The attempt did not commit: run it again.</summary>
    public static ExecutionResult<T> NotCommitted<T>() => new(false, default!);
}
