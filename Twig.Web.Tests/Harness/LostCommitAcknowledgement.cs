using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// Fault injection for the transaction idiom: once armed, the next transaction that runs a command containing
/// <c>fragment</c> commits for real, and then its commit reports a transient failure, as when the network drops the
/// server's acknowledgement. The execution strategy must then ask whether the commit happened instead of applying twice.
/// Disarmed (the default) it does nothing.
/// </summary>
public sealed class LostCommitAcknowledgement : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private readonly Lock _gate = new();
    private string? _fragment;
    private DbTransaction? _victim;

    public int Lost { get; private set; }

    public void Arm(string fragment)
    {
        lock (_gate) (_fragment, _victim) = (fragment, null);
    }

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<LostCommitAcknowledgement>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<LostCommitAcknowledgement>());
    }

    private void Saw(DbCommand command)
    {
        lock (_gate)
            if (_fragment is not null && _victim is null && command.Transaction is { } transaction && command.CommandText.Contains(_fragment, StringComparison.Ordinal))
                _victim = transaction;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Saw(command);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Saw(command);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => LoseIfVictim(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LoseIfVictim(transaction);
        return Task.CompletedTask;
    }

    private void LoseIfVictim(DbTransaction transaction)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(transaction, _victim)) return;
            (_fragment, _victim) = (null, null);
            Lost++;
        }
        throw new SqliteException("database is locked (test: the commit happened, its acknowledgement was lost)", 5);
    }
}
