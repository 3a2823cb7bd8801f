using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// The district account owner's landing page: is the roster healthy, how many licences are used, and can I fix it now?
/// Connection and next step, last and next sync, seat usage, the current run live, "Sync now", held runs, history and a chart.
/// The sync's own pieces come from CleverSync without a reference to it: "Sync now", its availability and the run's progress
/// through the messages in Domain (<see cref="SyncNow"/>, <see cref="RunProgress"/>), the panels as view components by name.
/// </summary>
[Authorize(Policy = TwigPolicies.IsDistrictOwner)]
public sealed class Dashboard(IMediator mediator) : PageModel
{
    public const int RunsShown = 30;

    public Result Data { get; private set; } = null!;
    public DistrictActivity.Result Activity { get; private set; } = null!;
    public SeatUsage Usage { get; private set; } = null!;
    public IReadOnlyList<Onboarding.Step> Checklist { get; private set; } = [];
    public RunProgress.Model? CurrentProgress { get; private set; }
    /// <summary>
    /// Why "Sync now" is disabled, as the sync itself answers it, and, when only the waiting time stands in the way, when the
    /// page's script enables it; null when it may run.
    /// </summary>
    public SyncNow.Unavailable? SyncUnavailable { get; private set; }

    /// <summary>A district not on Clever is run by uploads: its dashboard leads with users.csv and has no "Sync now".</summary>
    public bool IsCsvDistrict => Data.Source != RosterSource.Clever;
    public bool ChecklistDone => Checklist.All(s => s.State == Onboarding.StepState.Done);
    [TempData] public string? Notice { get; set; }

    private int DistrictId => User.GetDistrictId()!.Value;

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        // A run that ends while the page reads it changes its counts, the seats and the chart at once: the page is read
        // again, once, and shows the run finished, as any later visit would.
        var read = await ReadAsync(token);
        if (read == PageRead.RunEnded) read = await ReadAsync(token);
        return read == PageRead.NotFound ? NotFound() : Page();
    }

    private enum PageRead { Read, NotFound, RunEnded }

    private async Task<PageRead> ReadAsync(CancellationToken token)
    {
        var result = await mediator.Send(new Query(DistrictId), token);
        if (result is null) return PageRead.NotFound;
        Data = result;
        Usage = (await mediator.Send(new CurrentUsage.Query(DistrictId), token))!;
        Checklist = await mediator.Send(new Onboarding.Query(DistrictId), token);
        Activity = await mediator.Send(new DistrictActivity.Query(DistrictId), token);
        CurrentProgress = null;
        var read = PageRead.Read;
        if (result.Current is { } current
            && await mediator.Send(new RunProgress.Query(DistrictId, current.Id), token) is { } progress)
        {
            var status = Enum.Parse<SyncRunStatus>(progress.Status);
            if (!status.IsActive()) read = PageRead.RunEnded;
            // The run moves on while the page reads it (an instance claims it, a step ends): the Sync box, the table and the
            // chart all show it as its progress was read, the last of the reads, so the three never disagree.
            CurrentProgress = progress;
            Data = result.WithStatus(current.Id, status);
            Activity = Activity.WithStatus(current.Id, status);
        }
        SyncUnavailable = await mediator.Send(new SyncNow.UnavailableQuery(DistrictId), token);
        return read;
    }

    /// <summary>Live progress of a run of the owner's own district, as JSON for the polling script.</summary>
    public async Task<IActionResult> OnGetProgressAsync(int run, CancellationToken token) =>
        await mediator.Send(new RunProgress.Query(DistrictId, run), token) is { } progress ? new JsonResult(progress) : NotFound();

    public async Task<IActionResult> OnPostSyncAsync(CancellationToken token)
    {
        Notice = (await mediator.Send(new SyncNow.Command(DistrictId), token)).Notice;
        return RedirectToPage();
    }

    public sealed record Query(int DistrictId) : IQuery<Result?>;

    public sealed record Result
    {
        public required int DistrictId { get; init; }
        public required string Name { get; init; }
        public required DistrictConnectionState Connection { get; init; }
        public string? ConnectionReason { get; init; }
        public string? CleverDistrictName { get; init; }
        public DateTime? LastSuccessAt { get; init; }
        public SyncRunRow? Current { get; init; }
        public SyncRunRow? Held { get; init; }
        public IReadOnlyList<SyncRunRow> Runs { get; init; } = [];
        public RosterSource Source { get; init; } = RosterSource.Csv;
        /// <summary>Whether the district chose its source (a district that chose none is on CSV until it connects Clever).</summary>
        public bool SourceChosen { get; init; }

        /// <summary>The latest finished run when it failed: the dashboard explains it until a later run ends.</summary>
        public SyncRunRow? Failure => Runs.FirstOrDefault(r => !r.Status.IsActive()) is
        { Status: SyncRunStatus.Failed or SyncRunStatus.Interrupted } failed ? failed : null;

        /// <summary>The last sync blocked by the licence, while it holds the roster back (<see cref="LicenceBlock"/>).</summary>
        public LicenceBlock.Run? LicenceBlocked { get; init; }

        /// <summary>While syncs run, a licence block's way out is the next step; otherwise the connection's.</summary>
        public string NextStep =>
            LicenceBlocked is { } blocked && Connection.SyncRefusal() is null ? blocked.Advice : Connection.NextStep();

        /// <summary>These rows with one run's status as read later (see <see cref="OnGetAsync"/>).</summary>
        public Result WithStatus(int runId, SyncRunStatus status) => this with
        {
            Current = Current?.Id == runId ? Current with { Status = status } : Current,
            Runs = [.. Runs.Select(r => r.Id == runId ? r with { Status = status } : r)],
        };
    }

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
                .SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            if (district is null) return null;
            var runs = db.SyncRuns.AsNoTracking().Where(r => r.DistrictId == message.DistrictId);
            return new Result
            {
                DistrictId = district.Id,
                Name = district.Name,
                Connection = district.ConnectionState,
                ConnectionReason = district.CleverConnection?.StateReason,
                CleverDistrictName = district.CleverConnection?.CleverDistrictName,
                LastSuccessAt = await runs.Where(SyncRun.Succeeded).MaxAsync(r => r.FinishedAt, token),
                Current = await runs.Where(SyncRun.Active).OrderByDescending(r => r.Id).Take(1).AsRunRows().FirstOrDefaultAsync(token),
                Held = await runs.Where(r => r.Status == SyncRunStatus.HeldForReview).OrderByDescending(r => r.Id).Take(1)
                    .AsRunRows().FirstOrDefaultAsync(token),
                Runs = await runs.OrderByDescending(r => r.Id).Take(RunsShown).AsRunRows().ToListAsync(token),
                Source = RosterSources.Effective(district.RosterSource, district.CleverConnection is not null),
                SourceChosen = district.RosterSource is not null,
                LicenceBlocked = await LicenceBlock.LatestAsync(db, district.Id, token),
            };
        }
    }
}
