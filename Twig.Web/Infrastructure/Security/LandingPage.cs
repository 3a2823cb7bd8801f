using System.Security.Claims;

namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// Where a signed-in person's Twig starts, by role: the front page and every way of signing in (local, Clever, Google) send
/// them there, so it is one rule beside the claims it reads rather than a helper of one page.
/// </summary>
public static class LandingPage
{
    /// <summary>The person's home path, or null when they have none (signed out, or no role that has a home).</summary>
    public static string? For(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (user.IsRosteredPerson()) return "/classes";
        if (user.IsStaff()) return "/support";
        if (user.IsInRole(TwigRoles.DistrictOwner)) return "/district";
        return null;
    }
}
