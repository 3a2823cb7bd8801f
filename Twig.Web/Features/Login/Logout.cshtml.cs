using System.Security.Claims;
using Mediator;
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
public sealed class LogoutPage(IMediator mediator) : PageModel
{
    /// <summary>
    /// The sign-out form; someone already signed out (in another tab, or a stale tab's refused post) is told so on the page
    /// a sign-out lands on. The session is gone, so how they signed in is unknown: the district page this browser last
    /// signed in on with a username stands for it, as it does when a page asks for sign-in.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken token) =>
        User.Identity?.IsAuthenticated == true ? Page() : await SignedOutAsync(DistrictSignInPage.Remembered(Request), token);

    /// <summary>Someone who signed in with a username on their district's page goes back to that page (/login has no such form).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken token)
    {
        var district = User.FindFirstValue(TwigClaims.SignInMethod) == "username" ? DistrictSignInPage.Remembered(Request) : null;
        await HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        return await SignedOutAsync(district, token);
    }

    // Only an existing district's page (the district sign-in page's own query): an edited cookie never picks where a sign-out lands.
    private async Task<IActionResult> SignedOutAsync(string? district, CancellationToken token) =>
        district is not null && await mediator.Send(new DistrictLogin.Query(district), token) is not null
            ? RedirectToPage("/Login/DistrictLogin", new { slug = district, signedOut = 1 })
            : RedirectToPage("/Login/Login", new { signedOut = 1 });
}
