using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// When the district's next nightly sync runs, or why none will: for any page, by name —
/// <c>@await Component.InvokeAsync("NextNightlySync", new { districtId })</c>. The caller has decided the viewer may see the district.
/// </summary>
public sealed class NextNightlySyncViewComponent(TwigDb db, TimeProvider clock, IOptions<SyncSettings> settings) : ViewComponent
{
    public const string PartialPath = "/Features/CleverSync/Runs/_NextNightlySync.cshtml";

    public sealed record Model(DateTime? NextUtc, bool NightlyEnabled);

    public async Task<IViewComponentResult> InvokeAsync(int districtId)
    {
        var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
            .SingleOrDefaultAsync(d => d.Id == districtId, HttpContext.RequestAborted);
        if (district is null) return Content("");
        var next = district.NightlySyncEnabled && district.IsConnected
            ? settings.Value.NextNightlyUtc(clock.GetUtcNow().UtcDateTime) : (DateTime?)null;
        return View(PartialPath, new Model(next, district.NightlySyncEnabled));
    }
}
