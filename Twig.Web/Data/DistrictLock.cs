using Microsoft.EntityFrameworkCore;

namespace Twig.Web.Data;

/// <summary>
/// Holds a district's row until the transaction ends, so the district-wide checks a write makes (its roster source, its
/// licence, one pending upload, the state a package was planned against) still hold when it commits. Taken first in every
/// transaction that makes such checks, so two of them never wait on each other in opposite orders. SQLite's write
/// transaction (BEGIN IMMEDIATE) already runs alone; SQL Server reads under snapshot isolation without locks, so there the
/// row is read with UPDLOCK and HOLDLOCK: another transaction that takes it, or updates the district, waits for this one.
/// </summary>
public static class DistrictLock
{
    public static async Task TakeAsync(TwigDb db, int districtId, CancellationToken token)
    {
        if (!db.Database.IsSqlServer()) return;
        await db.Database.ExecuteSqlAsync(
            $"SELECT [Id] FROM [Districts] WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE [Id] = {districtId}", token);
    }
}
