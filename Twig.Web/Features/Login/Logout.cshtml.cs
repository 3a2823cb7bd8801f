using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Twig.Web.Features.Login;

/// <summary>Signing out is a POST (with antiforgery), so a link or an image on another site cannot sign anyone out.</summary>
[AllowAnonymous]
public sealed class LogoutPage : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return RedirectToPage("/Login/Login", new { signedOut = 1 });
    }
}
