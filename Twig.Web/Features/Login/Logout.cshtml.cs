using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Login;

/// <summary>Signing out is a POST (with antiforgery), so a link or an image on another site cannot sign anyone out.</summary>
[AllowAnonymous]
[StaleSignInForm]
public sealed class LogoutPage : PageModel
{
    /// <summary>The sign-out form; someone already signed out (in another tab) is told so instead.</summary>
    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? Page() : RedirectToPage("/Login/Login", new { signedOut = 1 });

    /// <summary>Someone who signed in with a username on their district's page goes back to that page (/login has no such form).</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var district = User.FindFirstValue(TwigClaims.SignInMethod) == "username" ? DistrictSignInPage.Remembered(Request) : null;
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return district is null
            ? RedirectToPage("/Login/Login", new { signedOut = 1 })
            : RedirectToPage("/Login/DistrictLogin", new { slug = district, signedOut = 1 });
    }
}
