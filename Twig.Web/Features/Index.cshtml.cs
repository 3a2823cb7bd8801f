using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features;

/// <summary>The front page; a signed-in person goes straight to their own home.</summary>
public sealed class IndexPage : PageModel
{
    public IActionResult OnGet() => LandingPage.For(User) is { } landing ? LocalRedirect(landing) : Page();
}

public static class LandingPage
{
    public static string? For(System.Security.Claims.ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (user.IsRosteredPerson()) return "/classes";
        if (user.IsStaff()) return "/support";
        if (user.IsInRole(TwigRoles.DistrictOwner)) return "/district";
        return null;
    }
}
