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
/// A waiting package may carry passwords (when the owner opts in), so its stored copy is encrypted with Data Protection, like
/// a waiting users.csv; a copy of the database alone reads nothing.
/// </summary>
public sealed class PackageFileProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Twig.OneRosterImport.PreviewFile.v1");

    public byte[] Protect(byte[] content) => _protector.Protect(content);

    public byte[] Unprotect(byte[] stored) => _protector.Unprotect(stored);
}

/// <summary>A package as large as <see cref="OneRosterOptions.MaxCompressedBytes"/> reaches the page, from its owner or a support admin
/// only.</summary>
public sealed class PackageUploadLimitsAttribute : UploadLimitsAttribute
{
    protected override long MaxFileBytes(IServiceProvider services) => services.GetRequiredService<IOptions<OneRosterOptions>>()
        .Value.MaxCompressedBytes;

    protected override async Task<bool> MayUploadAsync(ClaimsPrincipal user, RouteData route, IAuthorizationService authorization) =>
        await DistrictPageAccess.ResolveAsync(user, route, authorization) is { CanManage: true };
}
