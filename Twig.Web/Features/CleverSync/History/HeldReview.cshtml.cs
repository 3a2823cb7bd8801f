using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web.Paging;

namespace Twig.Web.Features.CleverSync.History;

/// <summary>Who a held run would deactivate, and the owner's (or a support admin's) decision: approve or discard.</summary>
[Authorize(Policy = TwigPolicies.CanViewDistrict)]
public sealed class HeldReview(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 100;

    public Result Data { get; private set; } = null!;
    public bool CanDecide { get; private set; }
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, int runId, RosterEntityType? type, int p = 1,
        CancellationToken token = default)
    {
        var result = await mediator.Send(new Query(districtId, runId, type, Math.Max(1, p)), token);
        if (result is null) return NotFound();
        Data = result;
        CanDecide = result.Status == SyncRunStatus.HeldForReview && await MayDecideAsync(districtId);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(int districtId, int runId, CancellationToken token) =>
        DecideAsync(districtId, runId, true, token);

    public Task<IActionResult> OnPostDiscardAsync(int districtId, int runId, CancellationToken token) =>
        DecideAsync(districtId, runId, false, token);

    private async Task<IActionResult> DecideAsync(int districtId, int runId, bool approve, CancellationToken token)
    {
        if (!await MayDecideAsync(districtId)) return Forbid();
        var result = await mediator.Send(new ReviewHeldRun.Command(districtId, runId, approve), token);
        // A run someone else decided meanwhile: the page itself says who decided and how, once.
        Notice = result.Done ? result.Message : null;
        return result.FollowUpRunId is { } followUp
            ? RedirectToPage("/CleverSync/History/RunDetails", new { districtId, runId = followUp })
            : RedirectToPage(new { districtId, runId });
    }

    private async Task<bool> MayDecideAsync(int districtId) =>
        (await authorization.AuthorizeAsync(User, districtId, TwigPolicies.CanManageDistrict)).Succeeded;

    public sealed record Query(int DistrictId, int RunId, RosterEntityType? Type, int Page) : IQuery<Result?>;

    public sealed record Result
    {
        public required int DistrictId { get; init; }
        public required string DistrictName { get; init; }
        public required int RunId { get; init; }
        public required SyncRunStatus Status { get; init; }
        public string? Message { get; init; }
        public string? ReviewedBy { get; init; }
        public required IReadOnlyDictionary<RosterEntityType, int> Totals { get; init; }
        public RosterEntityType? Type { get; init; }
        public required IReadOnlyList<Row> Rows { get; init; }
        public required int Page { get; init; }
        public required int Pages { get; init; }
    }

    public sealed record Row(RosterEntityType Type, string ExternalId, string DisplayName);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var run = await db.SyncRuns.AsNoTracking().Include(r => r.District)
                .SingleOrDefaultAsync(r => r.Id == message.RunId && r.DistrictId == message.DistrictId, token);
            if (run is null) return null;
            var held = db.HeldDeactivations.AsNoTracking().Where(h => h.SyncRunId == run.Id);
            var totals = await held.GroupBy(h => h.EntityType).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, token);
            if (message.Type is { } type) held = held.Where(h => h.EntityType == type);
            var rows = await held.OrderBy(h => h.EntityType).ThenByName(h => h.DisplayName).ThenBy(h => h.Id)
                .Select(h => new Row(h.EntityType, h.ExternalId, h.DisplayName)).ToPagedAsync(message.Page, PageSize, token);
            return new Result
            {
                DistrictId = run.DistrictId,
                DistrictName = run.District!.Name,
                RunId = run.Id,
                Status = run.Status,
                Message = run.Message,
                ReviewedBy = run.ReviewedBy,
                Totals = totals,
                Type = message.Type,
                Rows = rows.Items,
                Page = rows.Page,
                Pages = rows.Pages,
            };
        }
    }
}
