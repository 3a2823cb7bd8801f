using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Twig.Web.Features;

/// <summary>The front page; a signed-in person goes straight to their own home.</summary>
public sealed class IndexPage : PageModel
{
    public IActionResult OnGet() => LandingPage.For(User) is { } landing ? LocalRedirect(landing) : Page();
}
