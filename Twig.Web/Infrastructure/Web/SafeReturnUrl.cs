using Microsoft.AspNetCore.Mvc;

namespace Twig.Web.Infrastructure.Web;

/// <summary>Where a form may send the person back to: only ever a path on this site (sign-in, the Clever connection panel).</summary>
public static class SafeReturnUrl
{
    /// <summary><c>https://evil.example</c> and <c>//evil.example</c> are not safe; <c>/district</c> is.</summary>
    public static bool IsSafe(IUrlHelper url, string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl);

    /// <summary>The return URL when it is safe, else the fallback.</summary>
    public static string Or(IUrlHelper url, string? returnUrl, string fallback) => IsSafe(url, returnUrl) ? returnUrl! : fallback;
}
