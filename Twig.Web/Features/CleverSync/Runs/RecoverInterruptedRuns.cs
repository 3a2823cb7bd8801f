using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// At start-up: a run still marked running whose heartbeat stopped belonged to a process that died. It becomes
/// "interrupted" (its transaction never committed, so the roster is as before) and a nightly run is queued again.
/// </summary>
public static class RecoverInterruptedRuns
{
    public sealed record Command : ICommand<int>;

    public sealed class CommandHandler(TwigDb db, TimeProvider clock, IOptions<SyncSettings> settings) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var staleBefore = now - settings.Value.StaleAfter;
            var candidates = await db.SyncRuns.AsNoTracking()
                .Where(r => r.Status == SyncRunStatus.Running && (r.HeartbeatAt == null || r.HeartbeatAt < staleBefore))
                .ToListAsync(token);
            var stale = new List<SyncRun>();
            foreach (var run in candidates)
            {
                // Marked only if still stale as the update finds it: on SQL Server the read above takes no lock, and a live
                // run on another instance may have beaten since. The interrupted runs leave the queue before their
                // replacements join it (one active run per district).
                var marked = await db.SyncRuns
                    .Where(r => r.Id == run.Id && r.Status == SyncRunStatus.Running
                        && (r.HeartbeatAt == null || r.HeartbeatAt < staleBefore))
                    .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, SyncRunStatus.Interrupted)
                        .SetProperty(r => r.Phase, SyncPhase.Done).SetProperty(r => r.FinishedAt, now)
                        .SetProperty(r => r.Message, "Twig stopped while this run was going; nothing it planned was applied."), token);
                if (marked == 1) stale.Add(run);
            }
            foreach (var run in stale.Where(r => r.Trigger is SyncTrigger.Nightly or SyncTrigger.Retry or SyncTrigger.Initial))
                db.SyncRuns.Add(new SyncRun
                {
                    DistrictId = run.DistrictId,
                    Trigger = run.Trigger,
                    RequestedBy = "re-queued after an interruption",
                    RequestedAt = now,
                    PreviousRunId = run.Id,
                    ApprovedHeldRunId = run.ApprovedHeldRunId,
                });
            return stale.Count;
        }
    }
}

/// <summary>Start-up's share of the sync: runs a stopped process left "running" are marked interrupted before anything else runs.</summary>
public sealed class RecoverInterruptedRunsAtStartup(ILogger<RecoverInterruptedRunsAtStartup> logger) : IStartupContributor
{
    public int Order => 0;

    public async Task RunAsync(IServiceProvider services, bool seedDemo, CancellationToken token)
    {
        var interrupted = await services.GetRequiredService<IMediator>().Send(new RecoverInterruptedRuns.Command(), token);
        if (interrupted > 0)
            logger.LogWarning("{Count} sync run(s) were left running by a stopped process and are now marked interrupted", interrupted);
    }
}
