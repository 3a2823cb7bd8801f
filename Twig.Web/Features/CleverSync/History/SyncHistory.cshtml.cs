using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.CleverSync.History;

/// <summary>A district's sync log, newest first, with the owner's "Sync now".</summary>
[Authorize(Policy = TwigPolicies.CanViewDistrict)]
public sealed class SyncHistory(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 25;

    public Result Data { get; private set; } = null!;
    public bool CanSync { get; private set; }
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, int p = 1, CancellationToken token = default)
    {
        var result = await mediator.Send(new Query(districtId, Math.Max(1, p)), token);
        if (result is null) return NotFound();
        Data = result;
        CanSync = (await authorization.AuthorizeAsync(User, districtId, TwigPolicies.CanManageDistrict)).Succeeded;
        return Page();
    }

    public async Task<IActionResult> OnPostSyncAsync(int districtId, CancellationToken token)
    {
        if (!(await authorization.AuthorizeAsync(User, districtId, TwigPolicies.CanManageDistrict)).Succeeded) return Forbid();
        var result = await mediator.Send(new RequestSync.Command(districtId, SyncTrigger.OnDemand), token);
        Notice = result switch
        {
            { Refusal: { } refusal } => refusal,
            { AlreadyQueued: true } => "A sync is already queued or running; it is shown below.",
            _ => "Sync started. This page shows its progress.",
        } + (result.Note is { } note ? " " + note : "");
        return result.RunId is { } runId && result.Refusal is null
            ? RedirectToPage("/CleverSync/History/RunDetails", new { districtId, runId })
            : RedirectToPage(new { districtId });
    }

    /// <summary>Support admins switch the district's Clever events mode (incremental nightly syncs) on or off.</summary>
    public async Task<IActionResult> OnPostEventsModeAsync(int districtId, bool on, CancellationToken token)
    {
        if (!User.IsInRole(TwigRoles.SupportAdmin)) return Forbid();
        Notice = await mediator.Send(new SetEventsMode.Command(districtId, on), token);
        return RedirectToPage(new { districtId });
    }

    public sealed record Query(int DistrictId, int Page) : IQuery<Result?>;

    public sealed record Result(int DistrictId, string DistrictName, DistrictConnectionState Connection, string? ConnectionReason,
        IReadOnlyList<RunRow> Runs, int Page, int Pages, string? SyncUnavailable, bool EventsMode);

    public sealed record RunRow(int Id, SyncTrigger Trigger, string RequestedBy, DateTime RequestedAt, DateTime? StartedAt, DateTime? FinishedAt,
        SyncRunStatus Status, SyncPhase Phase, int Created, int Updated, int Deactivated, int Reactivated, int Warnings,
        SyncMode Mode = SyncMode.Full, string? ModeReason = null)
    {
        public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;
    }

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
                .SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            if (district is null) return null;
            var runs = db.SyncRuns.AsNoTracking().Where(r => r.DistrictId == message.DistrictId);
            var rows = await runs.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id)
                .Select(r => new RunRow(r.Id, r.Trigger, r.RequestedBy, r.RequestedAt, r.StartedAt, r.FinishedAt, r.Status, r.Phase,
                    // People only: schools, sections and enrollments are on the run's own page.
                    r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Created), r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Updated),
                    r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Deactivated), r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Sum(c => c.Reactivated),
                    r.Issues.Count, r.Mode, r.ModeReason))
                .ToPagedAsync(message.Page, PageSize, token);
            var unavailable = district.ConnectionState switch
            {
                DistrictConnectionState.Connected or DistrictConnectionState.Rechecking => null,
                DistrictConnectionState.PendingApproval => "Twig has not approved this district's Clever connection yet.",
                DistrictConnectionState.Disconnected => "The Clever connection is disconnected.",
                _ => "This district is not connected to Twig in Clever.",
            };
            return new Result(district.Id, district.Name, district.ConnectionState, district.CleverConnection?.StateReason, rows.Items,
                rows.Page, rows.Pages, unavailable, district.CleverEventsMode);
        }
    }
}
