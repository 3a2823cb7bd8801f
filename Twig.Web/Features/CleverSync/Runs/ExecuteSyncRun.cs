using System.Diagnostics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// Runs one claimed sync to its outcome: read Clever (every page, or in events mode the events since the bookmark) →
/// plan → licence pre-flight → safety threshold → apply atomically, with the event bookmark. Whatever goes wrong before
/// the commit, the roster (and the bookmark) are exactly as they were.
/// </summary>
public static class ExecuteSyncRun
{
    public sealed record Command(int RunId) : ICommand<SyncRunStatus>, IOwnsTransaction;

    public sealed class CommandHandler(
        TwigDb db, IMediator mediator, RosterFetcher fetcher, CleverTokenProtector tokens, SyncProgressBoard board,
        TimeProvider clock, IOptions<SyncSettings> settings, ILogger<CommandHandler> logger, IServiceScopeFactory scopes,
        RunSources sources, SyncApply apply, SyncHeartbeat heartbeat)
        : ICommandHandler<Command, SyncRunStatus>
    {
        /// <summary>Records outcomes (and publishes them) in this handler's TwigDb.</summary>
        private SyncRunOutcome Outcome => new(db, mediator, clock, settings);

        public async ValueTask<SyncRunStatus> Handle(Command message, CancellationToken token)
        {
            var run = await db.SyncRuns.Include(r => r.District!).ThenInclude(d => d.CleverConnection)
                .SingleAsync(r => r.Id == message.RunId, token);
            var progress = board.Track(run.Id);
            try
            {
                var outcome = await RunAsync(run, progress, token);
                logger.LogInformation("Sync run {RunId} of district {DistrictId} ended {Status}", run.Id, run.DistrictId, outcome);
                return outcome;
            }
            catch (OperationCanceledException)
            {
                await Outcome.FinishAfterFailureAsync(run.Id, SyncRunStatus.Interrupted,
                    "The run was stopped before it finished; nothing it planned was applied.");
                return SyncRunStatus.Interrupted;
            }
            catch (CleverUnauthorizedException ex)
            {
                // The connection's state was settled by the re-check inside the run; the message says what it found.
                await Outcome.FinishAfterFailureAsync(run.Id, SyncRunStatus.Failed,
                    $"{ex.Message} Nothing was applied and nobody was deactivated.");
                return SyncRunStatus.Failed;
            }
            catch (CleverFetchException ex)
            {
                logger.LogWarning("Sync run {RunId} failed fetching from Clever: {Reason}", run.Id, ex.Message);
                await Outcome.FinishAfterFailureAsync(run.Id, SyncRunStatus.Failed,
                    $"{ex.Message} Nothing was applied and nobody was deactivated.");
                return SyncRunStatus.Failed;
            }
            catch (DistrictBusyException)
            {
                logger.LogWarning("Sync run {RunId}: the district was held by an import past the sync's wait", run.Id);
                await Outcome.FinishAfterFailureAsync(run.Id, SyncRunStatus.Failed,
                    $"An import held the district for more than {DistrictLock.Background.TotalMinutes:0} minutes while this sync waited " +
                    "to apply; nothing was applied and nobody was deactivated. The next sync runs as usual.");
                return SyncRunStatus.Failed;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sync run {RunId} failed unexpectedly", run.Id);
                await Outcome.FinishAfterFailureAsync(run.Id, SyncRunStatus.Failed,
                    "Twig hit an unexpected error; nothing was applied and nobody was deactivated. Support has the details in the logs.");
                return SyncRunStatus.Failed;
            }
            finally
            {
                board.Forget(run.Id);
            }
        }

        private async Task<SyncRunStatus> RunAsync(SyncRun run, ISyncProgress progress, CancellationToken token)
        {
            var connection = run.District!.CleverConnection;
            if (connection is not { IsLive: true, ProtectedToken: { } protectedToken } || run.District.DeletedAt is not null)
                return await Outcome.FinishAsync(run, SyncRunStatus.Failed,
                    "The district is not connected to Twig in Clever, so there is nothing to sync. Nobody was deactivated.", null);
            // Sources never mix: a run queued before the district moved to another source is skipped, saying why.
            if (await RosterSourceRule.RefusalAsync(db, run.DistrictId, RosterSource.Clever, token) is { } wrongSource)
                return await Outcome.FinishAsync(run, SyncRunStatus.Skipped, $"{wrongSource} Nothing was applied.", null, token);

            // Alive to every instance while Clever is read and the run planned (the apply beats on its own).
            var beating = await heartbeat.StartAsync(run.Id, token, duringApply: false);
            try
            {
                return await ReadPlanAndApplyAsync(run, protectedToken, progress, beating, token);
            }
            finally
            {
                await beating.DisposeAsync();
            }
        }

        private async Task<SyncRunStatus> ReadPlanAndApplyAsync(SyncRun run, string protectedToken, ISyncProgress progress,
            IAsyncDisposable beating, CancellationToken token)
        {
            // Twig's compact copy is read while Clever's events or schools are fetched; each later record is compared as it arrives.
            using var loading = CancellationTokenSource.CreateLinkedTokenSource(token);
            var index = RosterIndex.LoadInOwnScopeAsync(scopes, run.DistrictId, loading.Token,
                countActiveEnrollments: run.District!.CleverEventsMode);
            var cleverToken = tokens.Unprotect(protectedToken);
            await using var prefetch = EnrollmentPrefetch.For(db, run.DistrictId, token);
            CleverChanges changes;
            RunSource source;
            try
            {
                source = await sources.ChooseAsync(run, cleverToken, new HeartbeatProgress(progress, this, run), token);
                run.Mode = source.Mode;
                run.ModeReason = source.Reason is null ? null : ColumnLimits.Clip(source.Reason, ModeReasonLength);
                await SetPhaseAsync(run, run.Phase);
                changes = source.Night is { } night
                    ? await EventChangesAsync(run, night, index, token)
                    : await FetchWithRecheckAsync(run, cleverToken, index, progress, prefetch, token);
            }
            catch
            {
                await loading.CancelAsync();
                try { await index; } catch (Exception) when (loading.IsCancellationRequested) { }
                throw;
            }

            await SetPhaseAsync(run, SyncPhase.Planning);
            await progress.PhaseAsync(SyncPhase.Planning);
            var plan = await SyncPlanner.PlanAsync(changes, await index, db, run.DistrictId, token);
            if (source.Pending is { } pending) await ReconciliationDrift.AddAsync(plan, pending, db, run.DistrictId, token);

            var licence = await apply.LicenceAsync(run.DistrictId, plan, token);
            if (!licence.Allowed) return await Outcome.FinishBlockedAsync(run, licence, plan);

            var over = plan.OverThreshold(run.District.DeactivationThresholdPercent);
            if (over.Count > 0 && !await ApprovedAsync(run, plan, token))
            {
                // A display name is built from two stored names and can be longer than the list keeps: clipped.
                var displayNameLength = ColumnLimits.Of<HeldDeactivation>(nameof(HeldDeactivation.DisplayName));
                db.HeldDeactivations.AddRange(plan.DeactivationList.Select(h => new HeldDeactivation
                {
                    SyncRunId = run.Id, EntityType = h.EntityType, ExternalId = h.ExternalId,
                    DisplayName = ColumnLimits.Clip(h.DisplayName, displayNameLength)
                }));
                var why = string.Join("; ",
                    over.Select(o => $"{o.Deactivated:N0} of {o.Active:N0} active {SyncRunOutcome.Plural(o.Type)}"));
                return await Outcome.FinishAsync(run, SyncRunStatus.HeldForReview,
                    $"Held for review: this sync would deactivate {why}, more than the district's " +
                        $"{run.District.DeactivationThresholdPercent} % threshold. {SyncWords.AwaitingApproval}", plan);
            }

            await SetPhaseAsync(run, SyncPhase.Applying);
            await beating.DisposeAsync();
            return await apply.ApplyAsync(run, plan, source, progress, token);
        }

        /// <summary>
        /// A 401 is checked against Clever's token listing before anything is concluded: a new token is used at once
        /// (the fetch starts again), otherwise the run fails saying what the check found and the connection stays
        /// connected (still listed), re-checking (listing unreachable) or becomes disconnected (not listed).
        /// </summary>
        private async Task<CleverChanges> FetchWithRecheckAsync(SyncRun run, string cleverToken, Task<RosterIndex> index,
            ISyncProgress progress, EnrollmentPrefetch? prefetch, CancellationToken token)
        {
            try
            {
                return await fetcher.FetchAsync(cleverToken, index, new HeartbeatProgress(progress, this, run), token, prefetch);
            }
            catch (CleverUnauthorizedException)
            {
                // The check commits what it finds in a scope of its own: it must neither see nor clear what this run tracks.
                await using var scope = scopes.CreateAsyncScope();
                var check = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new CheckConnection.Command(run.DistrictId, AfterUnauthorized: true), token);
                logger.LogWarning("Sync run {RunId}: Clever answered 401; the re-check found {Outcome}", run.Id, check.Outcome);
                if (check.Outcome != CheckConnection.Outcome.NewToken) throw new CleverUnauthorizedException(check.Message);
                var renewed = await db.CleverConnections.Where(c => c.DistrictId == run.DistrictId).Select(c => c.ProtectedToken)
                    .SingleAsync(token);
                return await fetcher.FetchAsync(tokens.Unprotect(renewed!), index, new HeartbeatProgress(progress, this, run), token,
                    prefetch);
            }
        }

        /// <summary>An approved held run may apply the deactivations it listed, and no others.</summary>
        private async Task<bool> ApprovedAsync(SyncRun run, SyncPlan plan, CancellationToken token)
        {
            if (run.ApprovedHeldRunId is not { } heldRunId) return false;
            var approved = (await db.HeldDeactivations.Where(h => h.SyncRunId == heldRunId).Select(h => new { h.EntityType, h.ExternalId })
                .ToListAsync(token)).Select(h => (h.EntityType, h.ExternalId)).ToHashSet();
            return plan.DeactivationList.All(d => approved.Contains((d.EntityType, d.ExternalId)));
        }

        private async Task<CleverChanges> EventChangesAsync(SyncRun run, CleverChangeSet night, Task<RosterIndex> index,
            CancellationToken token)
        {
            // Timed: the index loads beside the events, so only what is left of it after they are read is waited for here.
            var started = Stopwatch.GetTimestamp();
            var loaded = await index;
            var waited = Stopwatch.GetElapsedTime(started);
            EventChangesTimings? steps = null;
            var changes = await EventChanges.BuildAsync(night, loaded, db, run.DistrictId, token, t => steps = t);
            logger.LogInformation(
                "Sync run {RunId}: waited {IndexMs} ms for Twig's index, built the change set in {BuildMs} ms (schools {SchoolsMs} ms, " +
                    "index walk {WalkMs} ms, enrollment counts {CountMs} ms, records {RecordsMs} ms)",
                run.Id, (long)waited.TotalMilliseconds, (long)(Stopwatch.GetElapsedTime(started) - waited).TotalMilliseconds,
                (long)(steps?.Schools.TotalMilliseconds ?? 0), (long)(steps?.IndexWalk.TotalMilliseconds ?? 0),
                (long)(steps?.EnrollmentCounts.TotalMilliseconds ?? 0), (long)(steps?.Records.TotalMilliseconds ?? 0));
            return changes;
        }

        private async Task SetPhaseAsync(SyncRun run, SyncPhase phase, CancellationToken token = default)
        {
            run.Phase = phase;
            run.HeartbeatAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(token);
        }

        private static readonly int ModeReasonLength = ColumnLimits.Of<SyncRun>(nameof(SyncRun.ModeReason));

        /// <summary>Saves the phase and a heartbeat at each phase change, so others can see the run is alive.</summary>
        private sealed class HeartbeatProgress(ISyncProgress inner, CommandHandler handler, SyncRun run) : ISyncProgress
        {
            public async ValueTask PhaseAsync(SyncPhase phase, int total = 0)
            {
                await inner.PhaseAsync(phase, total);
                await handler.SetPhaseAsync(run, phase);
            }

            public void Fetched(int records) => inner.Fetched(records);
            public void Advanced(int done) => inner.Advanced(done);
        }
    }
}
