using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
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

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return RedirectToPage("/Login/Login", new { signedOut = 1 });
    }
}
