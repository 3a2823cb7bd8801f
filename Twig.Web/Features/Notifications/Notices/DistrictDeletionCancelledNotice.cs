using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>The owner, told the deletion date before, is told it no longer stands and that nothing was deleted.</summary>
public sealed class DistrictDeletionCancelledNotice(Outbox outbox, AppLinks links)
    : INotificationHandler<DistrictDeletionCancelled>
{
    public async ValueTask Handle(DistrictDeletionCancelled cancelled, CancellationToken token) => await outbox.GuardAsync(async () =>
    {
        // The date reads as it did in the notice that announced it: in the district's own zone.
        var (name, zone) = await outbox.DistrictAsync(cancelled.DistrictId, token);
        await outbox.AddAsync(NotificationKind.DistrictDeletionCancelled, cancelled.DistrictId,
            $"deletion:{cancelled.DeletionId}:cancelled", await outbox.OwnersAsync(cancelled.DistrictId, token),
            new NotificationMessage($"Twig: the deletion of the data of {name} was cancelled; nothing was deleted",
                $"Twig support has cancelled the deletion of the data of {name} that was due on "
                + $"{DisplayTime.Format(cancelled.DueAt, zone, TimePart.Date)}. Nothing was deleted.",
                ["Your district's people, classes, schools and history stay in Twig, and syncs and sign-ins go on as before.",
                 "You do not need to do anything. If the deletion is asked for again, you will be told the new date first."],
                "Your district's data", links.DistrictData), token);
    });
}
