using Twig.Web.Data;

namespace Twig.Web.Infrastructure;

/// <summary>
/// What must be true before Twig serves anyone: the database answers, its schema is current (where
/// configured), then the features' own start-up work (<see cref="IStartupContributor"/>: interrupted runs, demo data).
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

        foreach (var contributor in scope.ServiceProvider.GetServices<IStartupContributor>().OrderBy(c => c.Order))
            await contributor.RunAsync(scope.ServiceProvider, seedDemo, cancellationToken);
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => RunAsync(seedDemo: true, cancellationToken);

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
