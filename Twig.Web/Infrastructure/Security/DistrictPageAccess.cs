using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// Which district an import page (users.csv, classes.csv, a OneRoster package) is about, and whether the visitor may see or
/// change it: the owner's own district (from the claim, on /district/…), or the district in the route for support (read-only)
/// and support admins.
/// </summary>
public sealed record DistrictPageAccess(int DistrictId, bool CanManage, bool ActingForDistrict)
{
    /// <summary>The route's district when support acts for it (/support/districts/{id}/…); null on the owner's own pages.</summary>
    public int? SupportDistrictId => ActingForDistrict ? DistrictId : null;

    public static Task<DistrictPageAccess?> ResolveAsync(PageModel page, IAuthorizationService authorization) =>
        ResolveAsync(page.User, page.RouteData, authorization);

    public static async Task<DistrictPageAccess?> ResolveAsync(ClaimsPrincipal user, RouteData route, IAuthorizationService authorization)
    {
        if (int.TryParse(route.Values["districtId"]?.ToString(), out var routeDistrict))
        {
            if (!(await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanViewDistrict)).Succeeded) return null;
            var manage = (await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanManageDistrict)).Succeeded;
            return new DistrictPageAccess(routeDistrict, manage, ActingForDistrict: true);
        }
        if (user.IsInRole(TwigRoles.DistrictOwner) && user.GetDistrictId() is { } own)
            return new DistrictPageAccess(own, CanManage: true, ActingForDistrict: false);
        return null;
    }
}
