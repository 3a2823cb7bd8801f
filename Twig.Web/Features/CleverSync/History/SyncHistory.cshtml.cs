using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Events;
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
    /// <summary>Why "Sync now" is disabled, from the same preconditions the command checks; null when it may run.</summary>
    public SyncNow.Unavailable? SyncUnavailable { get; private set; }
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, int p = 1, CancellationToken token = default)
    {
        var result = await mediator.Send(new Query(districtId, Math.Max(1, p)), token);
        if (result is null) return NotFound();
        Data = result;
        CanSync = (await authorization.AuthorizeAsync(User, districtId, TwigPolicies.CanManageDistrict)).Succeeded;
        CanSync &= result.OtherSource is null;
        if (CanSync) SyncUnavailable = await mediator.Send(new SyncNow.UnavailableQuery(districtId), token);
        return Page();
    }

    public async Task<IActionResult> OnPostSyncAsync(int districtId, CancellationToken token)
    {
        if (!(await authorization.AuthorizeAsync(User, districtId, TwigPolicies.CanManageDistrict)).Succeeded) return Forbid();
        var result = await mediator.Send(new SyncNow.Command(districtId), token);
        Notice = result.Notice;
        return result is { Started: true, RunId: { } runId }
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

    public sealed record Result
    {
        public required int DistrictId { get; init; }
        public required string DistrictName { get; init; }
        public required DistrictConnectionState Connection { get; init; }
        public string? ConnectionReason { get; init; }
        public IReadOnlyList<SyncRunRow> Runs { get; init; } = [];
        public required int Page { get; init; }
        public required int Pages { get; init; }
        public bool EventsMode { get; init; }
        /// <summary>The source the district chose, when not Clever: Clever's controls are then not offered. A district that
        /// chose nothing yet may still connect Clever.</summary>
        public RosterSource? OtherSource { get; init; }
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
                .AsRunRows()
                .ToPagedAsync(message.Page, PageSize, token);
            return new Result
            {
                DistrictId = district.Id, DistrictName = district.Name, Connection = district.ConnectionState,
                ConnectionReason = district.CleverConnection?.StateReason, Runs = rows.Items,
                Page = rows.Page, Pages = rows.Pages, EventsMode = district.CleverEventsMode,
                OtherSource = RosterSources.ChoseOtherThanClever(district.RosterSource) ? district.RosterSource : null,
            };
        }
    }
}
