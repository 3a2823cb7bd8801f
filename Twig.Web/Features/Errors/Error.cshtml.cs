using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Data;

namespace Twig.Web.Features.Errors;

/// <summary>
/// The one page for 403, 404, 500 and 503 (a district busy with a sync or an import): it keeps the status code and never
/// shows a stack trace.
/// </summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorPage : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";
    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var status = code is >= 400 and < 600 ? code.Value : 500;
        // A district held by a sync or an import past the request's wait: nothing went wrong, it is busy.
        if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is DistrictBusyException) status = 503;
        Response.StatusCode = status;
        (Title, Explanation) = status switch
        {
            403 => ("You don't have access to this page",
                "Your account is signed in but is not allowed to see this. If you think it should be, " +
                (User.IsInRole(TwigRoles.Support) || User.IsInRole(TwigRoles.SupportAdmin)
                    ? "ask a Twig support admin: some pages and actions are theirs only."
                    // The owner is the account owner: never send them to ask themselves.
                    : User.IsInRole(TwigRoles.DistrictOwner)
                        ? "contact Twig support. This page is for Twig support (or another district); your district's pages are " +
                          "under your dashboard."
                        : "ask your district's Twig account owner or Twig support.")),
            404 => ("Page not found", "There is nothing at this address. It may have moved, or the link may be mistyped."),
            429 => ("Too many attempts",
                "There were too many sign-in attempts from your network in the last minute. Wait a minute, then try again."),
            503 => ("This district is busy", DistrictBusyException.Sentence),
            400 => ("That request could not be handled",
                "Something in the request was not what Twig expected. Go back, reload the page and try again."),
            _ => ("Something went wrong", "Twig hit an unexpected problem and nothing was changed by it. Please try again in a moment."),
        };
        if (status >= 500) RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
