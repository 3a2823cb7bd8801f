using System.Globalization;
using Mediator;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Notifications.Notices;

/// <summary>The first sync of a district succeeded: the owner hears what arrived, in counts only.</summary>
public sealed class InitialSyncCompletedNotice(Outbox outbox, AppLinks links) : INotificationHandler<SyncRunFinished>
{
    private static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public async ValueTask Handle(SyncRunFinished finished, CancellationToken token)
    {
        var run = finished.Run;
        if (run.Trigger != SyncTrigger.Initial) return;
        if (!run.Status.IsSuccess()) return;
        await outbox.GuardAsync(async () =>
        {
            var district = await outbox.DistrictNameAsync(run.DistrictId, token);
            var facts = run.Counts.OrderBy(c => c.EntityType).Select(c => string.Create(Us,
                    $"{Plural(c.EntityType)}: {c.Created + c.Updated + c.Reactivated + c.Unchanged:N0} active ({c.Created:N0} added)"))
                .ToList();
            if (run.Issues.Count > 0)
                facts.Add($"{Counted.Of(run.Issues.Count, "record")} skipped or with warnings; the run details list them.");
            await outbox.AddAsync(NotificationKind.InitialSyncCompleted, run.DistrictId, $"run:{run.Id}",
                await outbox.OwnersAsync(run.DistrictId, token),
                new NotificationMessage($"Twig: the initial sync of {district} is complete",
                    $"Twig finished the first sync of {district} from Clever. Your people and classes are ready.",
                    facts, "See the sync details", links.Run(run.DistrictId, run.Id)), token);
        });
    }

    private static string Plural(RosterEntityType type) => type switch
    {
        RosterEntityType.Person => "People",
        RosterEntityType.School => "Schools",
        RosterEntityType.Section => "Classes",
        _ => "Enrollments",
    };
}
