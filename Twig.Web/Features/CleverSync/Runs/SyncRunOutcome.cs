using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// How <see cref="ExecuteSyncRun"/> records a run's outcome: status, counts and warnings, one more try later the same night
/// for a failed nightly run, and <see cref="SyncRunFinished"/> for whoever listens (the owner's notices), saved together.
/// </summary>
internal sealed class SyncRunOutcome(TwigDb db, IPublisher publisher, TimeProvider clock, IOptions<SyncSettings> settings)
{
    public async Task<SyncRunStatus> FinishAsync(SyncRun run, SyncRunStatus status, string message, SyncPlan? plan,
        CancellationToken token = default)
    {
        run.Status = status;
        run.Phase = SyncPhase.Done;
        run.Message = message;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        if (plan is not null)
        {
            run.Counts.AddRange(plan.Counts.Values.Select(c => new SyncRunCount
            {
                EntityType = c.EntityType, Created = c.Created, Updated = c.Updated, Deactivated = c.Deactivated,
                Reactivated = c.Reactivated, Unchanged = c.Unchanged, Skipped = c.Skipped,
            }));
            // Fresh rows each time: a retried attempt must not reuse the entities a failed one added.
            run.Issues.AddRange(plan.Warnings.Select(w => new SyncIssue
            {
                Severity = w.Severity, EntityType = w.EntityType, ExternalId = w.ExternalId, Field = w.Field, Message = w.Message,
            }));
        }
        if (!status.IsSuccess()) ScheduleRetry(run);
        await publisher.Publish(new SyncRunFinished(run), token); // what listeners write commits with the outcome
        await db.SaveChangesAsync(token);
        return status;
    }

    /// <summary>
    /// A run the licence check refused: the refusal in the run's message, its kind beside it (the owner's advice follows it, see
    /// <see cref="LicenceBlock"/>), and nothing applied.
    /// </summary>
    public Task<SyncRunStatus> FinishBlockedAsync(SyncRun run, PlanCheck.Result licence, SyncPlan plan, CancellationToken token = default)
    {
        run.LicenceBlockReason = licence.Reason;
        return FinishAsync(run, SyncRunStatus.BlockedByLicense, $"Blocked by the licence: {licence.Refusal} Nothing was applied.", plan,
            token);
    }

    /// <summary>Records an outcome after an exception, on a clean slate: whatever the failed attempt left pending is dropped.</summary>
    public async Task FinishAfterFailureAsync(int runId, SyncRunStatus status, string message)
    {
        db.ChangeTracker.Clear();
        var run = await db.SyncRuns.SingleAsync(r => r.Id == runId);
        run.Status = status;
        run.Phase = SyncPhase.Done;
        run.Message = message;
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        ScheduleRetry(run);
        await publisher.Publish(new SyncRunFinished(run));
        await db.SaveChangesAsync();
    }

    public static string Summary(SyncPlan plan)
    {
        var people = plan.Counts[RosterEntityType.Person];
        var text = plan.WritesNothing
            ? "Nothing changed in Clever since the last sync."
            : $"People: {people.Created:N0} added, {people.Updated:N0} updated, {people.Deactivated:N0} deactivated, "
              + $"{people.Reactivated:N0} reactivated.";
        return plan.Warnings.Count > 0 ? $"{text} {Counted.Of(plan.Warnings.Count, "warning")}." : text;
    }

    /// <summary>The plural a run's messages use for a type of record.</summary>
    public static string Plural(RosterEntityType type) => type switch
    {
        RosterEntityType.Person => "people",
        RosterEntityType.School => "schools",
        RosterEntityType.Section => "sections",
        _ => "enrollments",
    };

    /// <summary>A failed or interrupted nightly run gets one more try later the same night.</summary>
    private void ScheduleRetry(SyncRun run)
    {
        if (run.Trigger != SyncTrigger.Nightly || run.Status is not (SyncRunStatus.Failed or SyncRunStatus.Interrupted)) return;
        var now = clock.GetUtcNow().UtcDateTime;
        db.SyncRuns.Add(new SyncRun
        {
            DistrictId = run.DistrictId,
            Trigger = SyncTrigger.Retry,
            RequestedBy = "automatic retry of the nightly sync",
            RequestedAt = now,
            NotBefore = now + settings.Value.RetryAfter,
            PreviousRunId = run.Id,
        });
    }
}
