using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// The owner or a support admin decides about a held run. Approving queues a run that fetches again and applies
/// the listed deactivations (if Clever changed meanwhile and the new plan deactivates anyone else, it is held
/// again); discarding leaves the roster as it is. Both are audited.
/// </summary>
public static class ReviewHeldRun
{
    public sealed record Command(int DistrictId, int RunId, bool Approve) : ICommand<Result>;

    public sealed record Result(bool Done, int? FollowUpRunId, string Message);

    public sealed class CommandHandler(TwigDb db, IMediator mediator, CurrentActor actor, AuditTrail audit, TimeProvider clock)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            // Held first: an approval and a discard sent at once (two owners, two instances) are decided one after the other,
            // and the second finds the run decided.
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            var run = await db.SyncRuns.SingleOrDefaultAsync(r => r.Id == message.RunId && r.DistrictId == message.DistrictId, token);
            if (run is not { Status: SyncRunStatus.HeldForReview })
                return new Result(false, null, "This run is not waiting for review (someone may have decided already).");
            var newer = await db.SyncRuns.AnyAsync(r => r.DistrictId == run.DistrictId && r.Id > run.Id
                && r.Status != SyncRunStatus.Skipped && r.Status != SyncRunStatus.Discarded, token);

            run.ReviewedBy = actor.Name;
            run.ReviewedAt = clock.GetUtcNow().UtcDateTime;
            // Once someone decided, the "held for your review" notices of this run are no longer new for any owner.
            var reviewPath = $"/districts/{run.DistrictId}/sync/runs/{run.Id}/review";
            foreach (var notice in await db.Notifications
                         .Where(n => n.Kind == NotificationKind.SyncHeld && n.DistrictId == run.DistrictId && n.ReadAt == null
                             && n.Link.EndsWith(reviewPath))
                         .ToListAsync(token))
                notice.ReadAt = run.ReviewedAt;
            if (!message.Approve || newer)
            {
                run.Status = SyncRunStatus.Discarded;
                run.Message = SyncWords.Decided(run.Message, newer && message.Approve
                    ? "Not applied: a newer sync has run since, so this held plan is out of date."
                    : $"Discarded by {actor.Name}; nothing was applied.");
                audit.Record("sync.held.discarded", run.DistrictId, $"Run {run.Id}");
                return new Result(true, null, newer && message.Approve
                    ? "A newer sync has run since this one was held, so it was discarded instead. Run a new sync to see the current plan."
                    : "The held sync was discarded. Nobody was deactivated.");
            }

            run.Status = SyncRunStatus.Approved;
            await db.SaveChangesAsync(token);
            var followUp = await mediator.Send(new RequestSync.Command(run.DistrictId,
                run.Trigger == SyncTrigger.Initial ? SyncTrigger.Initial : SyncTrigger.OnDemand,
                ApprovedHeldRunId: run.Id), token);
            run.Message = SyncWords.Decided(run.Message, $"Approved by {actor.Name}; applied by run #{followUp.RunId}.");
            audit.Record("sync.held.approved", run.DistrictId, $"Run {run.Id}; follow-up run {followUp.RunId}");
            return new Result(true, followUp.RunId,
                "Approved. A new sync fetches from Clever again and applies the deactivations you approved.");
        }
    }
}
