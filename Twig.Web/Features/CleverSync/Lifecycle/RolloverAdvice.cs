using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.CleverSync.Lifecycle;

/// <summary>
/// On a held run's review page: when the run would deactivate most of the district's people and today is inside the
/// rollover window (<c>Sync:RolloverWindowStart</c>..<c>End</c>), explains the school-year rollover and offers to pause
/// nightly syncs until the window's end. Renders nothing otherwise. One line for the page:
/// <c>@await Component.InvokeAsync(typeof(RolloverAdviceViewComponent), new { districtId, runId })</c>.
/// </summary>
public sealed class RolloverAdviceViewComponent(IMediator mediator) : ViewComponent
{
    public const string PartialPath = "/Features/CleverSync/Lifecycle/_RolloverAdvice.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(int districtId, int runId)
    {
        var advice = await mediator.Send(new RolloverAdvice.Query(districtId, runId), HttpContext.RequestAborted);
        if (advice is null) return Content("");
        return View(PartialPath, advice with
        {
            CanManage = DistrictAccessHandler.IsAllowed(UserClaimsPrincipal, districtId, manage: true),
            ReturnUrl = $"/districts/{districtId}/sync/runs/{runId}/review",
        });
    }
}

public static class RolloverAdvice
{
    public sealed record Query(int DistrictId, int RunId) : IQuery<Model?>;

    public sealed record Model(int DistrictId, int WouldDeactivate, int ActivePeople, DateOnly PauseUntil, bool AlreadyPaused)
    {
        public bool CanManage { get; init; }
        public string ReturnUrl { get; init; } = "";
    }

    public sealed class QueryHandler(TwigDb db, TimeProvider clock, IOptions<SyncSettings> settings) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            var today = NightlyPause.Today(clock);
            if (settings.Value.RolloverWindowEndFor(today) is not { } windowEnd) return null;
            var run = await db.SyncRuns.AsNoTracking().Where(r => r.Id == message.RunId && r.DistrictId == message.DistrictId
                && r.Status == SyncRunStatus.HeldForReview)
                .Select(r => new
                {
                    People = r.Counts.Where(c => c.EntityType == RosterEntityType.Person).Select(c => c.Deactivated).FirstOrDefault(),
                    r.District!.NightlyPausedUntil,
                })
                .SingleOrDefaultAsync(token);
            if (run is null) return null;
            var active =
                await db.People.CountAsync(p => p.DistrictId == message.DistrictId && p.Source == RosterSource.Clever && p.IsActive, token);
            // "Most of a school year's people": more than half of the district's active Clever people.
            if (active == 0 || run.People * 2 <= active) return null;
            return new Model(message.DistrictId, run.People, active, windowEnd > today ? windowEnd : today.AddDays(1),
                run.NightlyPausedUntil is { } until && today < until);
        }
    }
}
