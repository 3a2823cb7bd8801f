using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage;

namespace Twig.Web.Data;

/// <summary>
/// SQLite's counterpart of SqlServerRetryingExecutionStrategy. It retries a whole unit of work when the file was busy
/// or locked by another writer (the busy timeout has already been waited out, or WAL refused a stale snapshot), and,
/// being a retrying strategy, it refuses any transaction begun outside <c>CreateExecutionStrategy()</c> exactly as
/// SQL Server's does, so the tests see the same failure production would.
/// </summary>
public sealed class SqliteRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : ExecutionStrategy(dependencies, MaxRetries, MaxDelay)
{
    private const int MaxRetries = 6;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    protected override bool ShouldRetryOn(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };
}
