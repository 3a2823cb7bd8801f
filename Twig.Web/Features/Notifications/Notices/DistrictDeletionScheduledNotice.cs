using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>The owner is told the deletion date and that an export can be downloaded meanwhile.</summary>
public sealed class DistrictDeletionScheduledNotice(Outbox outbox, AppLinks links)
    : INotificationHandler<DistrictDeletionScheduled>
{
    public async ValueTask Handle(DistrictDeletionScheduled scheduled, CancellationToken token) => await outbox.GuardAsync(async () =>
    {
        // The owner reads the date in the district's own zone; the UTC instant beside it is what support quotes.
        var (name, zone) = await outbox.DistrictAsync(scheduled.DistrictId, token);
        var dueAt = scheduled.DueAt;
        var key = $"deletion:{scheduled.DeletionId}:scheduled";
        await outbox.AddAsync(NotificationKind.DistrictDeletionScheduled, scheduled.DistrictId, key,
            await outbox.OwnersAsync(scheduled.DistrictId, token),
            new NotificationMessage($"Twig: the data of {name} will be deleted on {DisplayTime.Format(dueAt, zone, TimePart.Date)}",
                $"Twig support has scheduled the deletion of all data of {name} (people, classes, enrollments, schools, "
                + "sync and import history)" + (scheduled.ContractEndedOn is { } ended
                    ? $", because your contract ended on {DisplayTime.Day(ended)}."
                    : ", as Twig support scheduled it."),
                [$"Deletion due: {DisplayTime.Format(dueAt, zone)} ({DisplayTime.Utc(dueAt)})",
                 "Until then you can download a full export of your district's data from your dashboard.",
                 "Afterwards your Twig account is closed and you receive a deletion certificate by e-mail.",
                 "If this is a mistake, contact Twig support before the date: the deletion can be cancelled until then."],
                "Download your district's data", links.DistrictData), token);
    });
}
