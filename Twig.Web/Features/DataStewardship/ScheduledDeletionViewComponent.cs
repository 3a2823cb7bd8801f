using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// The owner's standing warning that the district's data is scheduled for deletion, for as long as it is: for any page, by
/// name — <c>@await Component.InvokeAsync("ScheduledDeletion", new { districtId })</c>. Renders nothing otherwise. The caller
/// has decided the viewer may see the district.
/// </summary>
public sealed class ScheduledDeletionViewComponent(TwigDb db) : ViewComponent
{
    public const string PartialPath = "/Features/DataStewardship/_ScheduledDeletion.cshtml";

    public sealed record Model(DateTime DueAt, bool Running);

    public async Task<IViewComponentResult> InvokeAsync(int districtId)
    {
        var deletion = await db.DistrictDeletions.AsNoTracking()
            .Where(d => d.DistrictId == districtId
                        && (d.Status == DistrictDeletionStatus.Scheduled || d.Status == DistrictDeletionStatus.Running))
            .Select(d => new Model(d.DueAt, d.Status == DistrictDeletionStatus.Running))
            .FirstOrDefaultAsync(HttpContext.RequestAborted);
        return deletion is null ? Content("") : View(PartialPath, deletion);
    }
}
