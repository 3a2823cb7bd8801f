using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// Which district a package page is about, and whether the visitor may see or change it: the owner's own district (from the
/// claim, on /district/oneroster…), or the district in the route for support (read-only) and support admins — the same
/// rule as the users.csv pages.
/// </summary>
public sealed record PackageAccess(int DistrictId, bool CanManage, bool ActingForDistrict)
{
    /// <summary>The route's district when support acts for it (/support/districts/{id}/oneroster…); null on the owner's pages.</summary>
    public int? SupportDistrictId => ActingForDistrict ? DistrictId : null;

    public static async Task<PackageAccess?> ResolveAsync(ClaimsPrincipal user, RouteData route, IAuthorizationService authorization)
    {
        if (int.TryParse(route.Values["districtId"]?.ToString(), out var routeDistrict))
        {
            if (!(await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanViewDistrict)).Succeeded) return null;
            var manage = (await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanManageDistrict)).Succeeded;
            return new PackageAccess(routeDistrict, manage, ActingForDistrict: true);
        }
        if (user.IsInRole(TwigRoles.DistrictOwner) && user.GetDistrictId() is { } own)
            return new PackageAccess(own, CanManage: true, ActingForDistrict: false);
        return null;
    }
}

/// <summary>
/// A waiting package may carry passwords (when the owner opts in), so its stored copy is encrypted with Data Protection, like
/// a waiting users.csv; a copy of the database alone reads nothing.
/// </summary>
public sealed class PackageFileProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Twig.OneRosterImport.PreviewFile.v1");

    public byte[] Protect(byte[] content) => _protector.Protect(content);

    public byte[] Unprotect(byte[] stored) => _protector.Unprotect(stored);
}

/// <summary>A package as large as <see cref="OneRosterOptions.MaxCompressedBytes"/> reaches the page, from its owner or a support admin only.</summary>
public sealed class PackageUploadLimitsAttribute : UploadLimitsAttribute
{
    protected override long MaxFileBytes(IServiceProvider services) => services.GetRequiredService<IOptions<OneRosterOptions>>().Value.MaxCompressedBytes;

    protected override async Task<bool> MayUploadAsync(ClaimsPrincipal user, RouteData route, IAuthorizationService authorization) =>
        await PackageAccess.ResolveAsync(user, route, authorization) is { CanManage: true };
}
