using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;

namespace Twig.Web.Domain;

/// <summary>
/// A Clever sync the licence blocked holds the district's roster back until a later sync gets past the licence check. When that is
/// the case (<see cref="LatestAsync"/>) and what the owner does about it (<see cref="WaysOut"/>, for the run's reason) live here,
/// so the blocked-sync e-mail, the dashboard, its seat card, the checklist and the connection panel never disagree.
/// </summary>
public static class LicenceBlock
{
    /// <summary>Too many students: the two ways out, in the words of the Getting-started checklist and the licence page.</summary>
    public const string FewerStudentsOrMoreSeats =
        "In Clever, set Twig's sharing rules so that no more students are shared than your licence allows, or contact Twig support " +
        "to add seats; the next sync will then apply.";

    /// <summary>No active subscription: sharing fewer students changes nothing, only support can renew or set one up.</summary>
    public const string Renew =
        "Contact Twig support to renew your subscription; the next sync after that will apply. Sharing fewer students in Clever " +
        "does not help while the subscription is not active.";

    public const string SetUpSubscription =
        "Contact Twig support to set up your district's subscription; the next sync after that will apply.";

    /// <summary>
    /// What the owner does about a run blocked for this reason. A run without one was recorded by a Twig from before reasons (the
    /// migration gave every older blocked run its reason): it keeps the advice Twig gave then.
    /// </summary>
    public static string WaysOut(LicenceBlockReason? reason) => reason switch
    {
        LicenceBlockReason.TooManyStudents => FewerStudentsOrMoreSeats,
        LicenceBlockReason.SubscriptionExpired => Renew,
        LicenceBlockReason.NoSubscription => SetUpSubscription,
        _ => FewerStudentsOrMoreSeats,
    };

    /// <summary>Blocked by the numbers (a run from before reasons were recorded counts as one, as Twig read it then).</summary>
    public static bool ForSeats(LicenceBlockReason? reason) => reason is LicenceBlockReason.TooManyStudents or null;

    /// <summary>
    /// The blocked run: its message gives both numbers ("748 students would be active; 700 are licensed") or why the subscription
    /// does not allow syncs; its reason chooses the advice.
    /// </summary>
    public sealed record Run(int Id, string? Message, LicenceBlockReason? Reason)
    {
        /// <summary>Blocked by its numbers: Clever shares more students than the licence allows.</summary>
        public bool TooManyStudents => ForSeats(Reason);

        public string Advice => WaysOut(Reason);
    }

    /// <summary>
    /// The district's latest run that reached the licence check, when the check blocked it. Runs that ended before the check
    /// (failed, interrupted, skipped) and runs still going leave the block standing; any other ending lifts it.
    /// </summary>
    public static async Task<Run?> LatestAsync(TwigDb db, int districtId, CancellationToken token)
    {
        var latest = await db.SyncRuns.AsNoTracking()
            .Where(r => r.DistrictId == districtId && r.Status != SyncRunStatus.Queued && r.Status != SyncRunStatus.Running
                && r.Status != SyncRunStatus.Failed && r.Status != SyncRunStatus.Interrupted && r.Status != SyncRunStatus.Skipped)
            .OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Status, r.Message, r.LicenceBlockReason })
            .FirstOrDefaultAsync(token);
        return latest is { Status: SyncRunStatus.BlockedByLicense }
            ? new Run(latest.Id, latest.Message, latest.LicenceBlockReason)
            : null;
    }
}

/// <summary>Why the licence check refused a plan: what the owner can do depends on it (<see cref="LicenceBlock.WaysOut"/>).</summary>
public enum LicenceBlockReason
{
    /// <summary>The plan leaves more active students than the licence's seats (and more than now).</summary>
    TooManyStudents = 1,
    /// <summary>The subscription ended, by its end date or because support marked it expired.</summary>
    SubscriptionExpired = 2,
    /// <summary>The district has no subscription at all.</summary>
    NoSubscription = 3,
}
