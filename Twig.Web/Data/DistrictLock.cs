using Microsoft.Data.SqlClient;
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
    /// <summary>How long a page's request waits for a sync or import holding the district before it says the district is busy.</summary>
    public static readonly TimeSpan Interactive = TimeSpan.FromSeconds(15);

    /// <summary>How long background work (a sync's apply, a deletion) waits: an import's confirmation takes seconds to minutes.</summary>
    public static readonly TimeSpan Background = TimeSpan.FromMinutes(10);

    /// <param name="wait">How long to wait for another holder; <see cref="Interactive"/> when not given.</param>
    /// <exception cref="DistrictBusyException">Another transaction held the district longer than <paramref name="wait"/>.</exception>
    public static async Task TakeAsync(TwigDb db, int districtId, CancellationToken token, TimeSpan? wait = null)
    {
        if (!db.Database.IsSqlServer()) return;
        // The wait counts against the command's timeout (SqlClient's 30 s by default), which EF does not retry: without a
        // bound of its own a page would fail with a bare error while a large sync applies.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(wait ?? Interactive);
        try
        {
            await db.Database.ExecuteSqlAsync(
                $"SELECT [Id] FROM [Districts] WITH (UPDLOCK, HOLDLOCK, ROWLOCK) WHERE [Id] = {districtId}", token);
        }
        catch (SqlException ex) when (ex.Number == TimeoutExpired)
        {
            throw new DistrictBusyException(ex);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }
    }

    /// <summary>SqlClient's number for a command that ran past its timeout.</summary>
    private const int TimeoutExpired = -2;
}

/// <summary>A sync or an import held the district longer than the caller would wait; nothing was changed.</summary>
public sealed class DistrictBusyException(Exception inner) : Exception(Sentence, inner)
{
    public const string Sentence =
        "A sync or an import is being applied to this district right now, so nothing was changed. Try again in a minute.";
}
