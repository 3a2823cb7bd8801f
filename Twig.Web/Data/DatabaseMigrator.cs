using Microsoft.EntityFrameworkCore;

namespace Twig.Web.Data;

/// <summary>Checks the database at start-up and, where configured, brings its schema up to date.</summary>
public sealed class DatabaseMigrator(TwigDb db, DatabaseInfo database, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is up to date ({Provider})", database.Provider);
            return;
        }
        logger.LogInformation("Applying {Count} migration(s) to the {Provider} database", pending.Count, database.Provider);
        await db.Database.MigrateAsync(cancellationToken);
    }

    public async Task<bool> HasPendingMigrationsAsync(CancellationToken cancellationToken) =>
        (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any();

    /// <summary>Refuses to serve a SQL Server database whose readers would wait for every sync.</summary>
    public async Task EnsureSnapshotReadsAsync(CancellationToken cancellationToken)
    {
        var problem = await ReadCommittedSnapshot.CheckAsync(db, database.Provider, cancellationToken);
        if (problem is not null) throw new Infrastructure.StartupConfigurationException(problem);
    }

    public async Task EnsureReachableAsync(CancellationToken cancellationToken)
    {
        // Opening a connection (not CanConnect) because a new SQLite file is created on first open.
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.CloseConnectionAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Database connection failed");
            throw new Infrastructure.StartupConfigurationException(
                $"The {database.Provider} database named by ConnectionStrings:Twig cannot be reached ({ex.GetType().Name}).");
        }
    }
}
