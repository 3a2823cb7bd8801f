using Microsoft.Extensions.Hosting;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// What exists for SQLite alone (its pragmas on every connection, the background checkpointer) stays out of the production
/// SQL Server configuration: no service of it runs, and no statement of it reaches the server.
/// </summary>
[Collection(nameof(SqlServerDryRun))]
public sealed class SqliteOnlyDryRunTests(SqlServerDryRun dryRun)
{
    [Fact]
    public async Task Sql_server_runs_no_checkpointer_and_is_sent_no_pragma()
    {
        var server = dryRun.Reset();
        await dryRun.InScopeAsync(services => RosterIndex.LoadAsync(services.GetRequiredService<TwigDb>(), 1, CancellationToken.None));

        dryRun.AssertClean();
        Assert.DoesNotContain(dryRun.Services.GetServices<IHostedService>(), s => s is SqliteCheckpointer);
        Assert.Null(dryRun.Services.GetService<SqliteCheckpointer>());
        Assert.DoesNotContain(server.Commands, c => c.Text.Contains("PRAGMA", StringComparison.OrdinalIgnoreCase));
    }
}
