using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// Which district a package page is about, and whether the visitor may see or change it: the owner's own district (from the
/// claim, on /district/oneroster…), or the district in the route for support (read-only) and support admins — the same
/// rule as the users.csv pages.
/// </summary>
public sealed record PackageAccess(int DistrictId, bool CanManage, string BasePath, string HistoryPath, bool ActingForDistrict)
{
    public const string OwnerBase = "/district/oneroster";

    public static string SupportBase(int districtId) => $"/support/districts/{districtId}/oneroster";

    public static async Task<PackageAccess?> ResolveAsync(ClaimsPrincipal user, RouteData route, IAuthorizationService authorization)
    {
        if (int.TryParse(route.Values["districtId"]?.ToString(), out var routeDistrict))
        {
            if (!(await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanViewDistrict)).Succeeded) return null;
            var manage = (await authorization.AuthorizeAsync(user, routeDistrict, TwigPolicies.CanManageDistrict)).Succeeded;
            return new PackageAccess(routeDistrict, manage, SupportBase(routeDistrict), $"/support/districts/{routeDistrict}/import/history", ActingForDistrict: true);
        }
        if (user.IsInRole(TwigRoles.DistrictOwner) && user.GetDistrictId() is { } own)
            return new PackageAccess(own, CanManage: true, OwnerBase, "/district/import/history", ActingForDistrict: false);
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

/// <summary>
/// Lets a package as large as <see cref="OneRosterOptions.MaxCompressedBytes"/> (plus room to refuse a larger one with a clear
/// message) reach the page, but only from a visitor who may upload to this district: anyone else is refused before a byte of
/// the body is read. Runs before antiforgery, which is the first to read the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PackageUploadLimitsAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public int Order => 900;
    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new Filter(serviceProvider.GetRequiredService<IOptions<OneRosterOptions>>().Value);

    private sealed class Filter(OneRosterOptions options) : IAsyncAuthorizationFilter
    {
        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsPost(http.Request.Method)) return;
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            if (await PackageAccess.ResolveAsync(http.User, context.RouteData, authorization) is not { CanManage: true })
            {
                context.Result = new ForbidResult();
                return;
            }
            var allowed = options.MaxCompressedBytes + Math.Max(options.MaxCompressedBytes, 16L * 1024 * 1024);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = allowed;
            if (http.Features.Get<IFormFeature>()?.Form is null)
                http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = allowed }));
        }
    }
}
