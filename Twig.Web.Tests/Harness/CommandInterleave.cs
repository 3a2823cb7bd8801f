using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// Another instance's write, made at an exact moment: once armed, the first command <c>matching</c> runs <c>write</c> on
/// its connection and transaction, just before it executes (or just after, with <c>after</c>: then outside the
/// transaction the next command may open), as if another instance had committed it then. The code under test meets that
/// write where a race would put it. Disarmed (the default) it does nothing.
/// </summary>
public sealed class CommandInterleave : DbCommandInterceptor
{
    private readonly Lock _gate = new();
    private Func<DbCommand, bool>? _matching;
    private string? _write;
    private bool _after;

    public void Arm(Func<DbCommand, bool> matching, string write, bool after = false)
    {
        lock (_gate) (_matching, _write, _after) = (matching, write, after);
    }

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<CommandInterleave>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<CommandInterleave>());
    }

    private void Interleave(DbCommand command, bool executed)
    {
        string write;
        lock (_gate)
        {
            if (_matching is null || _write is null || _after != executed || !_matching(command)) return;
            write = _write;
            (_matching, _write) = (null, null);
        }
        using var other = command.Connection!.CreateCommand();
        other.Transaction = command.Transaction;
        other.CommandText = write;
        other.ExecuteNonQuery();
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interleave(command, executed: false);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Interleave(command, executed: false);
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Interleave(command, executed: true);
        return ValueTask.FromResult(result);
    }
}
