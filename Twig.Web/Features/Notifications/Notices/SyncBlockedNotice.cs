using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>
/// A sync the licence check refused: the owner gets why (both numbers, or the subscription, in the run's message) and what to do
/// about that reason (<see cref="LicenceBlock.WaysOut"/>).
/// </summary>
public sealed class SyncBlockedNotice(Outbox outbox, AppLinks links) : INotificationHandler<SyncRunFinished>
{
    public async ValueTask Handle(SyncRunFinished finished, CancellationToken token)
    {
        var run = finished.Run;
        if (run.Status != SyncRunStatus.BlockedByLicense) return;
        await outbox.GuardAsync(async () =>
        {
            var district = await outbox.DistrictNameAsync(run.DistrictId, token);
            await outbox.AddAsync(NotificationKind.SyncBlockedByLicence, run.DistrictId, $"run:{run.Id}",
                await outbox.OwnersAsync(run.DistrictId, token),
                new NotificationMessage($"Twig: a sync of {district} was blocked by the licence",
                    LicenceBlock.ForSeats(run.LicenceBlockReason)
                        ? $"A sync of {district} would leave more active students than the licence allows, so nothing was applied."
                        : $"A sync of {district} was refused because the district's subscription is not active, so nothing was applied.",
                    [run.Message ?? "", LicenceBlock.WaysOut(run.LicenceBlockReason)],
                    "See the sync details", links.Run(run.DistrictId, run.Id)), token);
        });
    }
}
