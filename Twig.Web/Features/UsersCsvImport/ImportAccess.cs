using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// Which district an import page is about, and whether the visitor may see or change it: the owner's own district
/// (from the claim, on /district/import…), or the district in the route for support (read-only) and support admins.
/// </summary>
public sealed record ImportAccess(int DistrictId, bool CanManage, bool ActingForDistrict)
{
    /// <summary>The route's district when support acts for it (/support/districts/{id}/import…); null on the owner's /district/import….</summary>
    public int? SupportDistrictId => ActingForDistrict ? DistrictId : null;

    public static Task<ImportAccess?> ResolveAsync(PageModel page, IAuthorizationService authorization) =>
        ResolveAsync(page.User, page.RouteData, authorization);

    public static async Task<ImportAccess?> ResolveAsync(
        System.Security.Claims.ClaimsPrincipal user, Microsoft.AspNetCore.Routing.RouteData route, IAuthorizationService authorization)
    {
        if (int.TryParse(route.Values["districtId"]?.ToString(), out var routeDistrict))
        {
            if (!(await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanViewDistrict)).Succeeded) return null;
            var manage = (await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanManageDistrict)).Succeeded;
            return new ImportAccess(routeDistrict, manage, ActingForDistrict: true);
        }
        if (user.IsInRole(TwigRoles.DistrictOwner) && user.GetDistrictId() is { } own)
            return new ImportAccess(own, CanManage: true, ActingForDistrict: false);
        return null;
    }
}

/// <summary>A users.csv (and classes.csv) upload as large as <see cref="UsersCsvImportOptions.MaxFileBytes"/> reaches the page, from its owner or a support admin only.</summary>
public sealed class UsersCsvUploadLimitsAttribute : UploadLimitsAttribute
{
    protected override long MaxFileBytes(IServiceProvider services) => services.GetRequiredService<IOptions<UsersCsvImportOptions>>().Value.MaxFileBytes;

    protected override async Task<bool> MayUploadAsync(System.Security.Claims.ClaimsPrincipal user, RouteData route, IAuthorizationService authorization) =>
        await ImportAccess.ResolveAsync(user, route, authorization) is { CanManage: true };
}
