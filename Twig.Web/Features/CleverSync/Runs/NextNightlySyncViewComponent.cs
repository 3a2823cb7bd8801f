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

    /// <param name="PausedUntil">Set while nightly syncs are paused: none runs before that day.</param>
    public sealed record Model(DateTime? NextUtc, bool NightlyEnabled, DistrictConnectionState State, DateOnly? PausedUntil);

    public async Task<IViewComponentResult> InvokeAsync(int districtId)
    {
        var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
            .SingleOrDefaultAsync(d => d.Id == districtId, HttpContext.RequestAborted);
        if (district is null) return Content("");
        var now = clock.GetUtcNow().UtcDateTime;
        // The same day rule as the nightly schedule's (NightlySync): a paused night is skipped, so it is not "next".
        var paused = district.NightlyPausedOn(DateOnly.FromDateTime(now)) ? district.NightlyPausedUntil : null;
        var next = district.NightlySyncEnabled && district.IsConnected && paused is null
            ? settings.Value.NextNightlyUtc(now) : (DateTime?)null;
        return View(PartialPath, new Model(next, district.NightlySyncEnabled, district.ConnectionState, paused));
    }
}
