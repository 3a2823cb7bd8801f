using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.DataStewardship;

/// <summary>A support admin calls off a scheduled deletion during its grace period (a renewed contract, a mistake).</summary>
public static class CancelDeletion
{
    public sealed record Command(int DistrictId) : ICommand<bool>;

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, CurrentActor actor, IPublisher publisher, TimeProvider clock)
        : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command message, CancellationToken token)
        {
            // The deletion job begins under the district's lock: holding it first, a cancel either comes before the start (and
            // the job finds it cancelled) or finds the deletion running and changes nothing.
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var deletion = await db.DistrictDeletions
                .Where(d => d.DistrictId == message.DistrictId && d.Status == DistrictDeletionStatus.Scheduled)
                .FirstOrDefaultAsync(token);
            if (deletion is null) return false;
            deletion.Status = DistrictDeletionStatus.Cancelled;
            deletion.CancelledBy = actor.Name;
            deletion.CancelledAt = clock.GetUtcNow().UtcDateTime;
            audit.Record("district.deletion-cancelled", message.DistrictId, $"Scheduled deletion {deletion.Id} cancelled");
            // The owner was told the date; they are told, in the same commit, that it no longer stands.
            await publisher.Publish(new DistrictDeletionCancelled(deletion.Id, message.DistrictId, deletion.DueAt), token);
            return true;
        }
    }
}
