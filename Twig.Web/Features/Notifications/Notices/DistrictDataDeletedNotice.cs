using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>The deletion certificate goes to the (now closed) owner account by e-mail.</summary>
public sealed class DistrictDataDeletedNotice(TwigDb db, Outbox outbox, AppLinks links) : INotificationHandler<DistrictDataDeleted>
{
    public async ValueTask Handle(DistrictDataDeleted deleted, CancellationToken token) => await outbox.GuardAsync(async () =>
    {
        var district = await db.Districts.Where(d => d.Id == deleted.DistrictId).Select(d => d.Name).SingleAsync(token);
        var us = CultureInfo.GetCultureInfo("en-US");
        var facts = deleted.RowsDeleted.Select(c => string.Create(us, $"{c.Key}: {c.Value:N0} rows deleted")).ToList();
        facts.Add(string.Create(CultureInfo.InvariantCulture, $"Completed: {deleted.CompletedAt:yyyy-MM-dd HH:mm} UTC, "
            + $"by {deleted.CompletedBy}; requested by {deleted.RequestedBy} on {deleted.RequestedAt:yyyy-MM-dd}"));
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
