using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Domain;

/// <summary>
/// A Clever sync the licence blocked holds the district's roster back until a later sync gets past the licence check. When that is
/// the case (<see cref="LatestAsync"/>) and what the owner does about it (<see cref="WaysOut"/>) live here, so the blocked-sync
/// e-mail, the dashboard, its seat card and the connection panel never disagree.
/// </summary>
public static class LicenceBlock
{
    /// <summary>The two ways out, in the words of the Getting-started checklist and the licence page.</summary>
    public const string WaysOut =
        "In Clever, set Twig's sharing rules so that no more students are shared than your licence allows, or contact Twig support " +
        "to add seats; the next sync will then apply.";

    /// <summary>The blocked run: its message gives both numbers ("748 students would be active; 700 are licensed").</summary>
    public sealed record Run(int Id, string? Message);

    /// <summary>
    /// The district's latest run that reached the licence check, when the check blocked it. Runs that ended before the check
    /// (failed, interrupted, skipped) and runs still going leave the block standing; any other ending lifts it.
    /// </summary>
    public static async Task<Run?> LatestAsync(TwigDb db, int districtId, CancellationToken token)
    {
        var latest = await db.SyncRuns.AsNoTracking()
            .Where(r => r.DistrictId == districtId && r.Status != SyncRunStatus.Queued && r.Status != SyncRunStatus.Running
                && r.Status != SyncRunStatus.Failed && r.Status != SyncRunStatus.Interrupted && r.Status != SyncRunStatus.Skipped)
            .OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Status, r.Message }).FirstOrDefaultAsync(token);
        return latest is { Status: SyncRunStatus.BlockedByLicense } ? new Run(latest.Id, latest.Message) : null;
    }
}
