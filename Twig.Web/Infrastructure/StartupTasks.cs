using Mediator;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.DistrictAdmin;

namespace Twig.Web.Infrastructure;

/// <summary>
/// What must be true before Twig serves anyone: the database answers, its schema is current (where
/// configured), and in Development the demo data exists.
/// </summary>
public sealed class StartupTasks(IServiceProvider services, IConfiguration configuration, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task RunAsync(bool seedDemo, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
        await migrator.EnsureReachableAsync(cancellationToken);
        if (configuration.GetValue<bool>("Database:MigrateOnStart")) await migrator.MigrateAsync(cancellationToken);
        if (await migrator.HasPendingMigrationsAsync(cancellationToken))
        {
            // Nothing else may touch an out-of-date schema; the operator's next step is the migrate command.
            logger.LogWarning("The database schema is not up to date: run the migrate command (or set Database:MigrateOnStart)");
            return;
        }
        await migrator.EnsureSnapshotReadsAsync(cancellationToken);

        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var interrupted = await mediator.Send(new RecoverInterruptedRuns.Command(), cancellationToken);
        if (interrupted > 0) logger.LogWarning("{Count} sync run(s) were left running by a stopped process and are now marked interrupted", interrupted);

        if (seedDemo && configuration.GetValue<bool>("Demo:Enabled"))
        {
            var demo = await mediator.Send(new DemoData.Command(), cancellationToken);
            logger.LogInformation("Demo data ready. Sign in at /login as {Accounts} (passwords in the README)", demo.Describe());
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => RunAsync(seedDemo: true, cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
