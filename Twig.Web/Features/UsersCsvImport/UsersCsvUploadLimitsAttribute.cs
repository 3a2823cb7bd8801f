using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>A users.csv (and classes.csv) upload as large as <see cref="UsersCsvImportOptions.MaxFileBytes"/> reaches the page, from its
/// owner or a support admin only.</summary>
public sealed class UsersCsvUploadLimitsAttribute : UploadLimitsAttribute
{
    protected override long MaxFileBytes(IServiceProvider services) => services.GetRequiredService<IOptions<UsersCsvImportOptions>>()
        .Value.MaxFileBytes;

    protected override async Task<bool> MayUploadAsync(System.Security.Claims.ClaimsPrincipal user, RouteData route,
        IAuthorizationService authorization) =>
        await DistrictPageAccess.ResolveAsync(user, route, authorization) is { CanManage: true };
}
