using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// "Delete district data", in two steps: the support admin reads what will go and types the district's slug; then
/// reads the date it will happen and who will be told, and confirms. Both posts check the slug again.
/// </summary>
[Authorize(Policy = TwigPolicies.IsSupportAdmin)]
public sealed class DeleteDistrict(IMediator mediator, ViewerTimeZone viewer) : PageModel
{
    public Result Current { get; private set; } = null!;
    /// <summary>True on the second step, after the slug was typed correctly.</summary>
    public bool Confirming { get; private set; }
    [BindProperty] public string? Slug { get; set; }
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token) =>
        await LoadAsync(districtId, token) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReviewAsync(int districtId, CancellationToken token)
    {
        if (!await LoadAsync(districtId, token)) return NotFound();
        if (District.NormalizeSlug(Slug ?? "") != Current.Slug)
            ModelState.AddModelError(nameof(Slug), "The slug you typed is not this district's slug; nothing was scheduled.");
        else Confirming = true;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int districtId, CancellationToken token)
    {
        if (!await LoadAsync(districtId, token)) return NotFound();
        var scheduled = await mediator.Send(new ScheduleDeletion.Command(districtId, Slug ?? ""), token);
        var zone = (await viewer.ResolveAsync(token)).Zone;
        Notice = $"The deletion of {Current.Name}'s data is scheduled for {DisplayTime.Format(scheduled.DueAt, zone)} "
                 + $"({DisplayTime.Utc(scheduled.DueAt)}). The owner has been told.";
        return RedirectToPage("/DataStewardship/DistrictData", new { districtId });
    }

    private async Task<bool> LoadAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { } result) return false;
        Current = result;
        return true;
    }

    public sealed record Query(int DistrictId) : IQuery<Result?>;

    public sealed record Result(int DistrictId, string Name, string Slug, bool AlreadyDeleted, bool AlreadyScheduled, string? OwnerEmail,
        int People, int Sections, int Schools, int Imports, int SyncRuns, int GraceDays, DateTime DueAt);

    public sealed class QueryHandler(TwigDb db, TimeProvider clock, IOptions<DataStewardshipOptions> options)
        : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var id = message.DistrictId;
            var district = await db.Districts.AsNoTracking().Where(d => d.Id == id)
                .Select(d => new { d.Name, d.Slug, d.DeletedAt }).SingleOrDefaultAsync(token);
            if (district is null) return null;
            var grace = options.Value.DeletionGraceDays;
            return new Result(id, district.Name, district.Slug, district.DeletedAt is not null,
                await db.DistrictDeletions.AnyAsync(d => d.DistrictId == id
                    && (d.Status == DistrictDeletionStatus.Scheduled || d.Status == DistrictDeletionStatus.Running), token),
                await db.Users.Where(u => u.DistrictId == id).Select(u => u.Email).FirstOrDefaultAsync(token),
                await db.People.CountAsync(p => p.DistrictId == id, token),
                await db.Sections.CountAsync(s => s.DistrictId == id, token),
                await db.Schools.CountAsync(s => s.DistrictId == id, token),
                await db.CsvImports.CountAsync(i => i.DistrictId == id, token),
                await db.SyncRuns.CountAsync(r => r.DistrictId == id, token),
                grace, clock.GetUtcNow().UtcDateTime.AddDays(grace));
        }
    }
}
