using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.History;

/// <summary>
/// The one run-progress read: the live board while this instance executes the run, the database otherwise. Every page and both
/// JSON endpoints (the dashboard's and the run page's) answer with it, so they say the same thing.
/// </summary>
public static class RunProgressRead
{
    public static async Task<RunProgress.Model?> ReadAsync(TwigDb db, SyncProgressBoard board, int districtId, int runId,
        CancellationToken token)
    {
        var run = await db.SyncRuns.AsNoTracking().Where(r => r.Id == runId && r.DistrictId == districtId)
            .Select(r => new { r.Id, r.Status, r.Phase, r.ProgressDone, r.ProgressTotal, r.Message }).SingleOrDefaultAsync(token);
        if (run is null) return null;
        var finished = !run.Status.IsActive();
        // While this instance runs it, the live board is ahead of the database (which the apply transaction holds).
        var live = finished ? null : board.Get(run.Id);
        var phase = finished ? SyncPhase.Done : live?.Phase ?? run.Phase;
        var done = live?.Done ?? run.ProgressDone;
        var total = live?.Total ?? run.ProgressTotal;
        var step = phase.Step();
        const int share = 100;
        var within = total > 0 ? Math.Clamp(done * share / total, 0, share) : 0;
        return new RunProgress.Model
        {
            RunId = run.Id,
            Status = run.Status.ToString(),
            StatusText = run.Status.Describe(),
            Phase = phase.ToString(),
            // A finished run shows its outcome only (StatusText): no step, no phase.
            // A run still marked running after its last step is saving its outcome, not "Finished".
            // A claimed run that has not begun its first step is starting, not "waiting to start".
            PhaseText = finished ? ""
                : phase == SyncPhase.Done ? "Saving the outcome"
                : run.Status == SyncRunStatus.Running && phase == SyncPhase.Queued ? "Starting" : phase.Describe(),
            StepText = finished || step == 0 ? "" : $"Step {step} of {SyncWords.Steps}",
            CountText = finished ? "" : phase.CountText(done, total),
            Done = done,
            Total = total,
            BarValue = finished ? SyncWords.Steps * share : Math.Max(0, step - 1) * share + within,
            BarMax = SyncWords.Steps * share,
            Finished = finished,
            Message = finished ? run.Message : null,
        };
    }

    public sealed class QueryHandler(TwigDb db, SyncProgressBoard board) : IQueryHandler<RunProgress.Query, RunProgress.Model?>
    {
        public async ValueTask<RunProgress.Model?> Handle(RunProgress.Query message, CancellationToken token) =>
            await ReadAsync(db, board, message.DistrictId, message.RunId, token);
    }
}
