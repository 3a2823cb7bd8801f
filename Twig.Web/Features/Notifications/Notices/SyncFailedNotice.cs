using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>A sync failed: the owner hears why and when Twig tries again, unless a lost connection already said it.</summary>
public sealed class SyncFailedNotice(TwigDb db, Outbox outbox, AppLinks links) : INotificationHandler<SyncRunFinished>
{
    private const string NothingApplied = "Nothing was applied and nobody was deactivated.";

    public async ValueTask Handle(SyncRunFinished finished, CancellationToken token)
    {
        var run = finished.Run;
        if (run.Status != SyncRunStatus.Failed) return;
        await outbox.GuardAsync(async () =>
        {
            // A lost connection has a notice of its own; a run that failed because of it adds nothing. The connection
            // may have been lost in this very transaction, so what is tracked counts as well as what is saved.
            const CleverConnectionState lost = CleverConnectionState.Disconnected;
            if (await db.CleverConnections.AnyAsync(c => c.DistrictId == run.DistrictId && c.State == lost, token)
                || db.CleverConnections.Local.Any(c => c.DistrictId == run.DistrictId && c.State == lost)) return;
            var district = await outbox.DistrictNameAsync(run.DistrictId, token);
            // The run's message ends with the sentence the notice opens with; the notice says it once.
            var reason = (run.Message ?? "").Replace(NothingApplied, "", StringComparison.OrdinalIgnoreCase).Trim();
            var retry = run.Trigger == SyncTrigger.Nightly
                ? "Twig will try again later tonight."
                : "Twig will try again with the next nightly sync.";
            await outbox.AddAsync(NotificationKind.SyncFailed, run.DistrictId, $"run:{run.Id}",
                await outbox.OwnersAsync(run.DistrictId, token),
                new NotificationMessage($"Twig: a sync of {district} failed",
                    $"A sync of {district} from Clever failed. {NothingApplied}",
                    [reason, retry], "See the sync details", links.Run(run.DistrictId, run.Id)), token);
        });
    }
}
