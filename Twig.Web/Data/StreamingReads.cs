using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Twig.Web.Data;

/// <summary>
/// Reads that stream. Under a retrying execution strategy (Twig's, on both databases) EF reads a query's whole result
/// into memory before it hands out the first row, so that it could read it again after a transient failure. Run inside
/// this strategy (one attempt, no retries), each row is read as it is asked for: a whole district's enrollments never sit
/// in memory at once. A transient failure then fails the work, which must be one worth starting again (an export).
/// </summary>
public sealed class StreamingReads : ExecutionStrategy
{
    private StreamingReads(DbContext db) : base(db, maxRetryCount: 0, maxRetryDelay: TimeSpan.Zero)
    {
    }

    public static Task RunAsync(DbContext db, Func<CancellationToken, Task> reads, CancellationToken token) =>
        new StreamingReads(db).ExecuteAsync(reads, token);

    protected override bool ShouldRetryOn(Exception exception) => false;
}
