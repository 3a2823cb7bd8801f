using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// A notice stops being new once it is read, or once what it asked for was done, by anyone: a failed, blocked or stale sync
/// followed by a successful one; a lost connection that is live again; a connection waiting for approval that was approved or
/// rejected; a deletion date that was cancelled; a licence warning after usage fell back below it. (A held run's notices are
/// marked read when it is reviewed.)
/// Decided when the notices are read, from the current state, so every writer of these events stays as it is.
/// </summary>
public static class ActedOn
{
    public static Expression<Func<Notification, bool>> Predicate(TwigDb db) => n =>
        ((n.Kind == NotificationKind.SyncFailed || n.Kind == NotificationKind.SyncBlockedByLicence
          || n.Kind == NotificationKind.NoRecentSync || n.Kind == NotificationKind.Disconnected)
         && db.SyncRuns.Where(SyncRun.Succeeded).Any(r => r.DistrictId == n.DistrictId && r.FinishedAt > n.CreatedAt))
        || (n.Kind == NotificationKind.Disconnected
            && db.CleverConnections.Where(CleverConnection.Live).Any(c => c.DistrictId == n.DistrictId))
        // Its key is "connection:{Clever district id}:awaiting-approval:{recipient}".
        || (n.Kind == NotificationKind.ConnectionAwaitingApproval
            && !db.CleverConnections.Any(c => c.State == CleverConnectionState.PendingApproval
                                              && EF.Functions.Like(n.IdempotencyKey, "connection:" + c.CleverDistrictId + ":%")))
        // Its key is "deletion:{deletion id}:scheduled:{recipient}": a cancelled deletion's date no longer stands.
        || (n.Kind == NotificationKind.DistrictDeletionScheduled
            && db.DistrictDeletions.Any(d => d.Status == DistrictDeletionStatus.Cancelled
                                             && EF.Functions.Like(n.IdempotencyKey, "deletion:" + d.Id + ":scheduled:%")))
        || (n.Kind == NotificationKind.OverLicence
            && db.LicenceAlerts.Any(a => a.DistrictId == n.DistrictId && a.Level < LicenceAlertLevel.OverLicence
                                         && a.ChangedAt > n.CreatedAt))
        || (n.Kind == NotificationKind.NearLicenceLimit
            && db.LicenceAlerts.Any(a => a.DistrictId == n.DistrictId && a.Level == LicenceAlertLevel.Ok && a.ChangedAt > n.CreatedAt));

    /// <summary>The account's notices that are still new: unread and not acted on.</summary>
    public static IQueryable<Notification> New(TwigDb db, string userId) =>
        db.Notifications.Where(n => n.RecipientUserId == userId && n.ReadAt == null).Where(Negate(Predicate(db)));

    /// <summary>Of <paramref name="ids"/>, those acted on.</summary>
    public static async Task<HashSet<long>> AmongAsync(TwigDb db, IReadOnlyCollection<long> ids, CancellationToken token) =>
        ids.Count == 0
            ? []
            : (await db.Notifications.Where(n => ids.Contains(n.Id)).Where(Predicate(db)).Select(n => n.Id).ToListAsync(token))
                .ToHashSet();

    private static Expression<Func<Notification, bool>> Negate(Expression<Func<Notification, bool>> predicate) =>
        Expression.Lambda<Func<Notification, bool>>(Expression.Not(predicate.Body), predicate.Parameters);
}
