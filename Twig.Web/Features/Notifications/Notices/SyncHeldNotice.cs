using System.Globalization;
using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>A sync is held over the safety threshold: the owner gets the numbers and the review link.</summary>
public sealed class SyncHeldNotice(Outbox outbox, AppLinks links) : INotificationHandler<SyncRunFinished>
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public async ValueTask Handle(SyncRunFinished finished, CancellationToken token)
    {
        var run = finished.Run;
        if (run.Status != SyncRunStatus.HeldForReview) return;
        await outbox.GuardAsync(async () =>
        {
            var district = await outbox.DistrictNameAsync(run.DistrictId, token);
            int People(Func<SyncRunCount, int> pick) => run.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(pick);
            await outbox.AddAsync(NotificationKind.SyncHeld, run.DistrictId, $"run:{run.Id}",
                await outbox.OwnersAsync(run.DistrictId, token),
                new NotificationMessage($"Twig: a sync of {district} is held for your review",
                    $"A sync of {district} would deactivate more records than the district's safety threshold allows, "
                    + "so nothing was applied. Review the list and approve or discard it.",
                    [string.Create(Us, $"People who would be deactivated: {People(c => c.Deactivated):N0}"),
                     string.Create(Us, $"People who would be added: {People(c => c.Created):N0}")],
                    "Review the held sync", links.Review(run.DistrictId, run.Id)), token);
        });
    }
}
