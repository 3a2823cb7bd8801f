using System.Diagnostics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Features.LicenseCheck;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// The apply of a planned run: one transaction that holds the district, checks again what the run checked before
/// planning (the district still exists, is still rostered from Clever, the licence still fits), writes the plan, stores
/// the event bookmark with it, completes a switch to Clever and records the outcome. It commits all of that or none of it.
/// </summary>
public sealed class SyncApply(
    TwigDb db, IMediator mediator, RosterWriter writer, TimeProvider clock, IOptions<SyncSettings> settings,
    SyncHeartbeat heartbeat, Infrastructure.AuditTrail audit, ILogger<SyncApply> logger)
{
    public async Task<SyncRunStatus> ApplyAsync(SyncRun run, SyncPlan plan, RunSource source, ISyncProgress progress,
        CancellationToken token)
    {
        var (runId, districtId) = (run.Id, run.DistrictId);
        var outcome = new SyncRunOutcome(db, mediator, clock, settings);
        var written = 0L;
        var applied = await db.InTransactionAsync(
            async ct =>
            {
                // The heartbeat (on a connection of its own) beats while the run waits for the district too.
                await using var beating = await heartbeat.StartAsync(runId, ct);
                // Held first: imports and source changes wait for this apply. Each attempt reads the run as committed.
                await DistrictLock.TakeAsync(db, districtId, ct, DistrictLock.Background);
                var current = await db.SyncRuns.SingleAsync(r => r.Id == runId, ct);
                // A run another instance took for dead (and re-queued) is not this one's to apply any more.
                if (current.Status != SyncRunStatus.Running)
                {
                    logger.LogWarning("Sync run {RunId} is {Status}, no longer running: its plan was not applied", runId, current.Status);
                    return current.Status;
                }
                // Support may have changed the source or the seats, or a deletion begun, while the run read Clever.
                // The roster-source rule also refuses a district whose data is being deleted.
                if (await RosterSourceRule.RefusalAsync(db, districtId, RosterSource.Clever, ct) is { } wrongSource)
                    return await outcome.FinishAsync(current, SyncRunStatus.Skipped, $"{wrongSource} Nothing was applied.", plan, ct);
                if (await LicenceAsync(districtId, plan, ct) is { Allowed: false } licence)
                    return await outcome.FinishBlockedAsync(current, licence, plan, ct);
                await writer.ApplyAsync(districtId, plan, clock.GetUtcNow().UtcDateTime, progress, ct);
                written = Stopwatch.GetTimestamp();
                // The bookmark commits with its roster: a crash re-reads the same events, and folding them again changes nothing.
                if (source.StoresBookmark)
                    await EventsCursor.StoreAsync(db, districtId, source.Bookmark, clock.GetUtcNow().UtcDateTime, ct);
                await RosterSourceRule.CompleteAsync(db, audit, districtId, RosterSource.Clever, clock.GetUtcNow().UtcDateTime,
                    ct); // a switch to Clever completes here
                var status = plan.Warnings.Count > 0 ? SyncRunStatus.SucceededWithWarnings : SyncRunStatus.Succeeded;
                return await outcome.FinishAsync(current, status, SyncRunOutcome.Summary(plan), plan, ct);
            },
            async ct =>
            {
                // A lost commit acknowledgement: the run's own outcome says whether the roster was applied.
                var committed = await db.SyncRuns.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Status).SingleAsync(ct);
                return !committed.IsActive()
                    ? TwigDbTransactions.Committed(committed)
                    : TwigDbTransactions.NotCommitted<SyncRunStatus>();
            },
            token);
        // What follows the writer: the outcome's rows, then the commit.
        if (written != 0)
            logger.LogInformation("Sync run {RunId}: outcome recorded and committed {CommitMs} ms after the writer finished",
                runId, (long)Stopwatch.GetElapsedTime(written).TotalMilliseconds);
        return applied;
    }

    /// <summary>
    /// The licence pre-flight: Clever's students after the run plus the district's active students from other sources (a
    /// retiring source's leave in the apply's transaction, so they take no seat after it).
    /// </summary>
    public async Task<PlanCheck.Result> LicenceAsync(int districtId, SyncPlan plan, CancellationToken ct)
    {
        var retiring = await db.Districts.Where(d => d.Id == districtId).Select(d => d.RetiringRosterSource).SingleAsync(ct);
        var otherStudents = await db.People.Where(ActiveStudent.Predicate)
            .CountAsync(p => p.DistrictId == districtId && p.Source != RosterSource.Clever && p.Source != retiring, ct);
        return await PlanCheck.CheckAsync(db, clock, districtId, plan.CleverStudentsAfter + otherStudents, ct);
    }
}
