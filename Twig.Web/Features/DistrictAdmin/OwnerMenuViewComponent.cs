using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// The district owner's menu: Dashboard, People, and Sync only for a district rostered from Clever (a users.csv or OneRoster
/// district has no Clever sync to show). The source is read on each page, so a change of source shows at once.
/// </summary>
public sealed class OwnerMenuViewComponent(TwigDb db) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!UserClaimsPrincipal.IsInRole(TwigRoles.DistrictOwner) || UserClaimsPrincipal.GetDistrictId() is not { } districtId)
            return Content("");
        var district = await db.Districts.AsNoTracking().Where(d => d.Id == districtId)
            .Select(d => new { d.RosterSource, Clever = d.CleverConnection != null })
            .SingleOrDefaultAsync(HttpContext.RequestAborted);
        var onClever = district is not null && RosterSources.Effective(district.RosterSource, district.Clever) == RosterSource.Clever;
        return View("/Features/DistrictAdmin/_OwnerMenu.cshtml", (districtId, onClever));
    }
}
