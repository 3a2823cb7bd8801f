using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Twig.Web.Data;

/// <summary>
/// Ready means the database answers, has every migration this build expects and, on SQL Server, lets
/// readers read past a running sync (READ_COMMITTED_SNAPSHOT).
/// </summary>
internal sealed class DatabaseReadyCheck(TwigDb db, DatabaseInfo database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken)) return HealthCheckResult.Unhealthy("Database unreachable.");
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            if (pending > 0) return HealthCheckResult.Unhealthy($"{pending} migration(s) not applied.");
            var snapshot = await ReadCommittedSnapshot.CheckAsync(db, database.Provider, cancellationToken);
            return snapshot is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(snapshot);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Database check failed.");
        }
    }
}
