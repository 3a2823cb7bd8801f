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

    /// <summary>What both steps say when nobody can be told (the district has no owner account yet).</summary>
    public const string NoOwner = "The district has no owner account to notify.";

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token) =>
        await LoadAsync(districtId, token) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReviewAsync(int districtId, CancellationToken token)
    {
        if (!await LoadAsync(districtId, token)) return NotFound();
        if (!ScheduleDeletion.Confirms(Slug, Current.Slug)) ModelState.AddModelError(nameof(Slug), ScheduleDeletion.Refusal(Current.Slug));
        else Confirming = true;
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(int districtId, CancellationToken token)
    {
        if (!await LoadAsync(districtId, token)) return NotFound();
        var scheduled = await mediator.Send(new ScheduleDeletion.Command(districtId, Slug ?? ""), token);
        var zone = (await viewer.ResolveAsync(token)).Zone;
        Notice = $"The deletion of the data of {Current.Name} is scheduled for {DisplayTime.Format(scheduled.DueAt, zone)} "
                 + $"({DisplayTime.Utc(scheduled.DueAt)}). "
                 + (Current.OwnerEmail is null ? NoOwner : $"The owner, {Current.OwnerEmail}, has been told.");
        return RedirectToPage("/DataStewardship/DistrictData", new { districtId });
    }

    private async Task<bool> LoadAsync(int districtId, CancellationToken token)
    {
        if (await mediator.Send(new Query(districtId), token) is not { } result) return false;
        Current = result;
        return true;
    }

    public sealed record Query(int DistrictId) : IQuery<Result?>;

    public sealed record Result
    {
        public required int DistrictId { get; init; }
        public required string Name { get; init; }
        public required string Slug { get; init; }
        public required bool AlreadyDeleted { get; init; }
        public required bool AlreadyScheduled { get; init; }
        public string? OwnerEmail { get; init; }
        public required int People { get; init; }
        public required int Sections { get; init; }
        public required int Schools { get; init; }
        public required int Imports { get; init; }
        public required int SyncRuns { get; init; }
        public required int GraceDays { get; init; }
        public required DateTime DueAt { get; init; }
        public required DeletionContract Contract { get; init; }
    }

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
            return new Result
            {
                DistrictId = id,
                Name = district.Name,
                Slug = district.Slug,
                AlreadyDeleted = district.DeletedAt is not null,
                AlreadyScheduled = await db.DistrictDeletions.AnyAsync(d => d.DistrictId == id
                    && (d.Status == DistrictDeletionStatus.Scheduled || d.Status == DistrictDeletionStatus.Running), token),
                OwnerEmail = await db.Users.Where(u => u.DistrictId == id).Select(u => u.Email).FirstOrDefaultAsync(token),
                People = await db.People.CountAsync(p => p.DistrictId == id, token),
                Sections = await db.Sections.CountAsync(s => s.DistrictId == id, token),
                Schools = await db.Schools.CountAsync(s => s.DistrictId == id, token),
                Imports = await db.CsvImports.CountAsync(i => i.DistrictId == id, token),
                SyncRuns = await db.SyncRuns.CountAsync(r => r.DistrictId == id, token),
                GraceDays = grace,
                DueAt = clock.GetUtcNow().UtcDateTime.AddDays(grace),
                Contract = await DeletionContract.ReadAsync(db, clock, id, token),
            };
        }
    }
}
