using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Features.LicenseCheck;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>
/// Usage may have crossed 90 % or the licence (a sync or an import applied, the seats changed): the owner is told once
/// per upward crossing. The district's <see cref="LicenceAlert"/> remembers the last level, so a steady level says nothing,
/// and a district near its limit is told again only after it has fallen below <see cref="RearmPercent"/>.
/// </summary>
public sealed class LicenceLevelNotice(TwigDb db, Outbox outbox, AppLinks links, TimeProvider clock)
    : INotificationHandler<SyncRunFinished>, INotificationHandler<ImportApplied>, INotificationHandler<LicensedSeatsChanged>
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");
    /// <summary>Below this share of its seats a district that was near its limit counts as back to normal.</summary>
    public const int RearmPercent = 85;

    public async ValueTask Handle(SyncRunFinished finished, CancellationToken token)
    {
        if (finished.Run.Status.IsSuccess())
            await outbox.GuardAsync(() => CheckAsync(finished.Run.DistrictId, null, token));
    }

    public async ValueTask Handle(ImportApplied applied, CancellationToken token) =>
        await outbox.GuardAsync(() => CheckAsync(applied.DistrictId, null, token));

    public async ValueTask Handle(LicensedSeatsChanged changed, CancellationToken token) =>
        await outbox.GuardAsync(() => CheckAsync(changed.DistrictId, changed.Seats, token));

    /// <param name="seats">The seats being set in this transaction (not saved yet); otherwise the stored ones.</param>
    private async Task CheckAsync(int districtId, int? seats, CancellationToken token)
    {
        var licensed = seats ?? await db.Subscriptions.Where(s => s.DistrictId == districtId)
            .Select(s => (int?)s.LicensedStudentSeats).SingleOrDefaultAsync(token);
        if (licensed is null) return;
        var usage = new SeatUsage(await SeatUsage.CountActiveStudentsAsync(db, districtId, token), licensed.Value, null);
        var level = usage.State switch
        {
            SeatState.OverLicence => LicenceAlertLevel.OverLicence,
            SeatState.AtLimit or SeatState.NearLimit => LicenceAlertLevel.NearLimit,
            _ => LicenceAlertLevel.Ok,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        var alert = await db.LicenceAlerts.FindAsync([districtId], token);
        if (alert is null)
        {
            alert = new LicenceAlert { DistrictId = districtId, Level = LicenceAlertLevel.Ok, ChangedAt = now };
            db.LicenceAlerts.Add(alert);
        }
        // A district hovering at 90 % (a student added one night, archived the next) hears once: it is back to normal only
        // once usage falls below RearmPercent.
        if (level == LicenceAlertLevel.Ok && alert.Level == LicenceAlertLevel.NearLimit
            && usage.Used * 100L >= (long)usage.Seats * RearmPercent) return;
        if (level == alert.Level) return;
        var rising = level > alert.Level;
        alert.Level = level;
        alert.ChangedAt = now;
        if (!rising) return;
        alert.Crossings++;

        var district = await outbox.DistrictNameAsync(districtId, token);
        var kind = level == LicenceAlertLevel.OverLicence ? NotificationKind.OverLicence : NotificationKind.NearLicenceLimit;
        await outbox.AddAsync(kind, districtId, $"licence:{districtId}:{kind}:{alert.Crossings}",
            await outbox.OwnersAsync(districtId, token), Message(kind, district, usage), token);
    }

    private NotificationMessage Message(NotificationKind kind, string district, SeatUsage usage)
    {
        List<string> facts =
        [
            string.Create(Us, $"Active students: {usage.Used:N0}"),
            string.Create(Us, $"Licensed student seats: {usage.Seats:N0} ({usage.Percent} % used)"),
        ];
        return kind == NotificationKind.OverLicence
            ? new NotificationMessage($"Twig: {district} is over its licence",
                $"{district} has more active students than licensed seats. Nobody was deactivated, but syncs and imports "
                + "that would add students will be refused until seats are added.",
                facts, "See your licence", links.Licence)
            : new NotificationMessage($"Twig: {district} has used {usage.Percent} % of its licence",
                $"{district} is close to its licensed student seats. Once they are all used, syncs and imports that would add "
                + "students will be refused.",
                facts, "See your licence", links.Licence);
    }
}
