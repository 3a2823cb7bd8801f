using System.Globalization;
using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>The deletion certificate goes to the (now closed) owner account by e-mail.</summary>
public sealed class DistrictDataDeletedNotice(Outbox outbox, AppLinks links) : INotificationHandler<DistrictDataDeleted>
{
    public async ValueTask Handle(DistrictDataDeleted deleted, CancellationToken token) => await outbox.GuardAsync(async () =>
    {
        // The district row outlives the deletion, so its zone does: the owner reads the times in it, as in the notice that
        // scheduled the deletion, with the exact UTC instant beside them for support to quote.
        var (district, zone) = await outbox.DistrictAsync(deleted.DistrictId, token);
        var us = CultureInfo.GetCultureInfo("en-US");
        var facts = deleted.RowsDeleted.Select(c => string.Create(us, $"{c.Key}: {c.Value:N0} rows deleted")).ToList();
        facts.Add($"Completed: {DisplayTime.Format(deleted.CompletedAt, zone)} ({DisplayTime.Utc(deleted.CompletedAt)}), "
            + $"by {deleted.CompletedBy}; requested by {deleted.RequestedBy} "
            + $"on {DisplayTime.Format(deleted.RequestedAt, zone, TimePart.Date)}");
        facts.Add(deleted.ExportSha256 is { } hash
            ? $"SHA-256 of the export made before the deletion: {hash}"
            : "No export was made before the deletion.");
        // DistrictId stays empty: this notice outlives the district's data, which the deletion removed with every other notice.
        await outbox.AddAsync(NotificationKind.DistrictDataDeleted, null, $"deletion:{deleted.DeletionId}:certificate",
            await outbox.OwnersAsync(deleted.DistrictId, token),
            new NotificationMessage($"Twig: certificate of deletion of the data of {district}",
                $"Twig has deleted all student and roster data of {district}, as your agreement requires. "
                + "This e-mail is the deletion certificate; Twig support keeps a copy.",
                facts, "Twig's privacy notice", links.Privacy), token);
    });
}
