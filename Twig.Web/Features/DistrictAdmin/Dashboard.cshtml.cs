using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.History;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// The district account owner's landing page: is the roster healthy, how many licences are used, and can I fix it now?
/// Connection and next step, last and next sync, seat usage, the current run live, "Sync now", held runs, history and a chart.
/// </summary>
[Authorize(Policy = TwigPolicies.IsDistrictOwner)]
public sealed class Dashboard(IMediator mediator) : PageModel
{
    public const int RunsShown = 30;

    public Result Data { get; private set; } = null!;
    public DistrictActivity.Result Activity { get; private set; } = null!;
    public IReadOnlyList<UsersCsvImport.History.Line> Imports { get; private set; } = [];

    /// <summary>A district not on Clever is run by uploads: its dashboard leads with users.csv and has no "Sync now".</summary>
    public bool IsCsvDistrict => Data.Source != RosterSource.Clever;
    [TempData] public string? Notice { get; set; }

    private int DistrictId => User.GetDistrictId()!.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        var result = await mediator.Send(new Query(DistrictId), token);
        if (result is null) return NotFound();
        Data = result;
        Activity = await mediator.Send(new DistrictActivity.Query(DistrictId), token);
        Imports = (await mediator.Send(new UsersCsvImport.History.Query(DistrictId, Take: 5), token))?.Imports ?? [];
        return Page();
    }

    /// <summary>Live progress of a run of the owner's own district, as JSON for the polling script.</summary>
    public async Task<IActionResult> OnGetProgressAsync(int run, CancellationToken token) =>
        await mediator.Send(new RunProgress.Query(DistrictId, run), token) is { } progress ? new JsonResult(progress) : NotFound();

    public async Task<IActionResult> OnPostSyncAsync(CancellationToken token)
    {
        var result = await mediator.Send(new RequestSync.Command(DistrictId, SyncTrigger.OnDemand), token);
        Notice = result switch
        {
            { Refusal: { } refusal } => refusal,
            { AlreadyQueued: true } => "A sync is already queued or running; its progress is shown below.",
            _ => "Sync started. Its progress is shown below.",
        } + (result.Note is { } note ? " " + note : "");
        return RedirectToPage();
    }

    public sealed record Query(int DistrictId) : IQuery<Result?>;

    public sealed record Result(int DistrictId, string Name, DistrictConnectionState Connection, string? ConnectionReason, string? CleverDistrictName,
        bool NightlySyncEnabled, DateTime? LastSuccessAt, DateTime? NextNightlyUtc, SeatUsage Usage,
        RunRow? Current, RunProgress.Model? CurrentProgress, RunRow? Held, string? SyncUnavailable, IReadOnlyList<RunRow> Runs,
        IReadOnlyList<Onboarding.Step> Checklist, RosterSource Source = RosterSource.Csv)
    {
        /// <summary>The latest finished run when it failed: the dashboard explains it until a later run ends.</summary>
        public RunRow? Failure => Runs.FirstOrDefault(r => r.Status is not (SyncRunStatus.Queued or SyncRunStatus.Running)) is
            { Status: SyncRunStatus.Failed or SyncRunStatus.Interrupted } failed ? failed : null;

        public bool ChecklistDone => Checklist.All(s => s.State == Onboarding.StepState.Done);

        public string NextStep => Connection switch
        {
            DistrictConnectionState.Connected => "Twig receives your roster from Clever every night; use Sync now after a change you need today.",
            DistrictConnectionState.PendingApproval => "Twig has your request and approves it within one working day; the first sync starts then.",
            DistrictConnectionState.Disconnected => "Clever no longer gives Twig access. In Clever, check that Twig is still installed and shared, then contact Twig support.",
            DistrictConnectionState.Rechecking => "Clever refused Twig's access once; Twig is checking with Clever. Sign-in and syncs carry on meanwhile.",
            _ => "Request Twig Science in Clever's app library, or upload a users.csv if your district does not use Clever.",
        };
    }

    public sealed record RunRow(int Id, SyncTrigger Trigger, string RequestedBy, DateTime RequestedAt, DateTime? StartedAt, DateTime? FinishedAt,
        SyncRunStatus Status, string? Message, int Created, int Updated, int Deactivated, int Reactivated, int Warnings)
    {
        public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;
    }

    public sealed class QueryHandler(TwigDb db, IMediator mediator, TimeProvider clock, IOptions<SyncSettings> settings)
        : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
                .SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            if (district is null) return null;
            var now = clock.GetUtcNow().UtcDateTime;
            var usage = (await mediator.Send(new CurrentUsage.Query(message.DistrictId), token))!;

            var runs = await RunRows(db.SyncRuns.AsNoTracking().Where(r => r.DistrictId == message.DistrictId)
                .OrderByDescending(r => r.Id).Take(RunsShown)).ToListAsync(token);
            var current = await RunRows(db.SyncRuns.AsNoTracking().Where(r => r.DistrictId == message.DistrictId
                && (r.Status == SyncRunStatus.Queued || r.Status == SyncRunStatus.Running)).OrderByDescending(r => r.Id).Take(1)).FirstOrDefaultAsync(token);
            var held = await RunRows(db.SyncRuns.AsNoTracking().Where(r => r.DistrictId == message.DistrictId && r.Status == SyncRunStatus.HeldForReview)
                .OrderByDescending(r => r.Id).Take(1)).FirstOrDefaultAsync(token);
            var lastSuccess = await db.SyncRuns.Where(r => r.DistrictId == message.DistrictId
                && (r.Status == SyncRunStatus.Succeeded || r.Status == SyncRunStatus.SucceededWithWarnings)).MaxAsync(r => r.FinishedAt, token);
            var progress = current is null ? null : await mediator.Send(new RunProgress.Query(message.DistrictId, current.Id), token);

            var nightly = district.NightlySyncEnabled && district.IsConnected
                ? NextNightly(now, settings.Value) : (DateTime?)null;
            var unavailable = await SyncUnavailableAsync(district, current, now, token);
            var checklist = await mediator.Send(new Onboarding.Query(message.DistrictId), token);
            return new Result(district.Id, district.Name, district.ConnectionState, district.CleverConnection?.StateReason,
                district.CleverConnection?.CleverDistrictName, district.NightlySyncEnabled, lastSuccess, nightly,
                usage, current, progress, held, unavailable, runs, checklist, RosterSources.Effective(district.RosterSource, district.CleverConnection is not null));
        }

        /// <summary>The same cheap checks <see cref="RequestSync"/> makes, so the button can say why it is disabled.</summary>
        private async Task<string?> SyncUnavailableAsync(District district, RunRow? current, DateTime now, CancellationToken token)
        {
            if (!district.IsConnected)
                return district.ConnectionState switch
                {
                    DistrictConnectionState.PendingApproval => "Twig has not approved your Clever connection yet.",
                    DistrictConnectionState.Disconnected => "Your Clever connection is disconnected; reconnect Twig in Clever first.",
                    _ => "Your district is not connected to Twig in Clever.",
                };
            var subscription = await mediator.Send(new RosterChangeCheck.Query(district.Id, Scheduled: false), token);
            if (!subscription.Allowed) return subscription.Reason;
            // The live box above says what the current run is doing; the button only says when it comes back.
            if (current is not null) return $"Sync now is available again when run #{current.Id} ends.";
            return await RequestSync.CooldownRefusalAsync(db, district.Id, now, settings.Value.OnDemandCooldown, token);
        }

        private static IQueryable<RunRow> RunRows(IQueryable<SyncRun> runs) =>
            runs.Select(r => new RunRow(r.Id, r.Trigger, r.RequestedBy, r.RequestedAt, r.StartedAt, r.FinishedAt, r.Status, r.Message,
                // People only: schools, sections and enrollments are on the run's own page.
                    r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Created), r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Updated),
                    r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Deactivated), r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Reactivated),
                r.Issues.Count));
    }

    /// <summary>The next nightly sync's UTC instant (the page shows it in the district's zone).</summary>
    public static DateTime NextNightly(DateTime nowUtc, SyncSettings settings)
    {
        var zone = settings.Zone();
        var (hour, minute) = settings.NightlyTime();
        var local = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone);
        var candidate = local.Date.AddHours(hour).AddMinutes(minute);
        if (candidate <= local) candidate = candidate.AddDays(1);
        if (zone.IsInvalidTime(candidate)) candidate = candidate.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(candidate, zone);
    }
}

/// <summary>
/// Where a run is now: the live board while it executes here, the database otherwise. The dashboard and the
/// run's page render it and poll it (one script, one shape), so both say the same thing.
/// </summary>
public static class RunProgress
{
    public sealed record Query(int DistrictId, int RunId) : IQuery<Model?>;

    /// <summary>
    /// What the polling script reads: the words are made here so the first render and every update match.
    /// The bar runs across all steps (each a hundredth-share of its own), so it moves even while Clever's totals are unknown.
    /// </summary>
    public sealed record Model(int RunId, string Status, string StatusText, string Phase, string PhaseText, string StepText, string CountText,
        int Done, int Total, int BarValue, int BarMax, bool Finished, string? Message);

    public sealed class QueryHandler(TwigDb db, SyncProgressBoard board) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            var run = await db.SyncRuns.AsNoTracking().Where(r => r.Id == message.RunId && r.DistrictId == message.DistrictId)
                .Select(r => new { r.Id, r.Status, r.Phase, r.ProgressDone, r.ProgressTotal, r.Message }).SingleOrDefaultAsync(token);
            if (run is null) return null;
            var finished = run.Status is not (SyncRunStatus.Queued or SyncRunStatus.Running);
            // While this instance runs it, the live board is ahead of the database (which the apply transaction holds).
            var live = finished ? null : board.Get(run.Id);
            var phase = finished ? SyncPhase.Done : live?.Phase ?? run.Phase;
            var done = live?.Done ?? run.ProgressDone;
            var total = live?.Total ?? run.ProgressTotal;
            var step = phase.Step();
            // A run still marked running after its last step is saving its outcome, not "Finished".
            var phaseText = !finished && phase == SyncPhase.Done ? "Saving the outcome" : phase.Describe();
            var stepText = finished || step == 0 ? "" : $"Step {step} of {SyncWords.Steps}";
            const int share = 100;
            var within = total > 0 ? Math.Clamp(done * share / total, 0, share) : 0;
            var barValue = finished ? SyncWords.Steps * share : Math.Max(0, step - 1) * share + within;
            return new Model(run.Id, run.Status.ToString(), run.Status.Describe(), phase.ToString(), phaseText, stepText,
                finished ? "" : phase.CountText(done, total), done, total, barValue, SyncWords.Steps * share, finished, finished ? run.Message : null);
        }
    }
}
