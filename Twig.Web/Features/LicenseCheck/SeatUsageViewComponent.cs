using Microsoft.AspNetCore.Mvc;
using Twig.Web.Data;

namespace Twig.Web.Features.LicenseCheck;

/// <summary>
/// The usage bar, the ≥ 90 % banner and the over-licence state for one district, for any page:
/// <c>@await Component.InvokeAsync("SeatUsage", new { districtId })</c> (by name, so other slices need no reference to this one).
/// Pages that already hold a <see cref="SeatUsage"/> render <c>_SeatUsage.cshtml</c> directly.
/// The caller has already decided that the viewer may see this district.
/// </summary>
public sealed class SeatUsageViewComponent(TwigDb db, TimeProvider clock) : ViewComponent
{
    public const string PartialPath = "/Features/LicenseCheck/_SeatUsage.cshtml";

    public async Task<IViewComponentResult> InvokeAsync(int districtId)
    {
        var usage = await CurrentUsage.ReadAsync(db, clock, districtId, HttpContext.RequestAborted);
        return usage is null ? Content("") : View(PartialPath, usage);
    }
}
