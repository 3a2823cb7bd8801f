using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Domain;

namespace Twig.Web.Features.Login;

/// <summary>Finds a district's username sign-in page from the short name (slug) that the district gives its people.</summary>
[AllowAnonymous]
public sealed class DistrictPicker(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "slug")]
    public string? Slug { get; set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(Slug)) return Page();
        var district = await mediator.Send(new DistrictLogin.Query(District.NormalizeSlug(Slug)), token);
        if (district is not null) return Redirect($"/login/{Uri.EscapeDataString(district.Slug)}");
        Message = $"No district is called \"{Slug.Trim()}\". Check the short name your school gave you.";
        return Page();
    }
}
