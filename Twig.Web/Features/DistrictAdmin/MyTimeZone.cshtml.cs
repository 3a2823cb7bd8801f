using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>
/// An owner or staff member reads times in the district's zone, or switches this browser to a zone of their own (a cookie,
/// so it works without JavaScript; a script only pre-fills the browser's zone). Nothing is stored in the database.
/// </summary>
[Authorize(Roles = $"{TwigRoles.DistrictOwner},{TwigRoles.Support},{TwigRoles.SupportAdmin}")]
public sealed class MyTimeZone(ViewerTimeZone viewer, IHostEnvironment environment) : PageModel
{
    [BindProperty] public string Choice { get; set; } = "district";
    [BindProperty] public string? OwnZone { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
        if (viewer.OwnZone is { } own) (Choice, OwnZone) = ("own", own.Id);
    }

    public IActionResult OnPost()
    {
        if (Choice == "own")
        {
            if (DisplayTime.FindZone(OwnZone) is not { } zone)
            {
                Error = string.IsNullOrWhiteSpace(OwnZone)
                    ? "Enter your time zone, such as America/Chicago."
                    : $"\"{(OwnZone.Length <= 40 ? OwnZone : OwnZone[..40] + "…")}\" is not a time zone Twig knows. Enter one such as " +
                        "America/Chicago or America/New_York.";
                ModelState.AddModelError(nameof(OwnZone), Error);
                return Page();
            }
            Response.Cookies.Append(ViewerTimeZone.CookieName, zone.Id, RememberedCookie.Options(environment, TimeSpan.FromDays(365)));
        }
        else
        {
            Response.Cookies.Delete(ViewerTimeZone.CookieName);
        }
        return LocalRedirect(ReturnUrl is { } back && Url.IsLocalUrl(back) ? back : "/");
    }
}
