using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// Which district an import page is about, and whether the visitor may see or change it: the owner's own district
/// (from the claim, on /district/import…), or the district in the route for support (read-only) and support admins.
/// </summary>
public sealed record ImportAccess(int DistrictId, bool CanManage, string BasePath, bool ActingForDistrict)
{
    public static Task<ImportAccess?> ResolveAsync(PageModel page, IAuthorizationService authorization) =>
        ResolveAsync(page.User, page.RouteData, authorization);

    public static async Task<ImportAccess?> ResolveAsync(
        System.Security.Claims.ClaimsPrincipal user, Microsoft.AspNetCore.Routing.RouteData route, IAuthorizationService authorization)
    {
        if (int.TryParse(route.Values["districtId"]?.ToString(), out var routeDistrict))
        {
            if (!(await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanViewDistrict)).Succeeded) return null;
            var manage = (await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanManageDistrict)).Succeeded;
            return new ImportAccess(routeDistrict, manage, UsersCsvImportSetup.SupportBase(routeDistrict), ActingForDistrict: true);
        }
        if (user.IsInRole(TwigRoles.DistrictOwner) && user.GetDistrictId() is { } own)
            return new ImportAccess(own, CanManage: true, UsersCsvImportSetup.OwnerBase, ActingForDistrict: false);
        return null;
    }
}
