using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.Login;

/// <summary>Finds a district's username sign-in page from the short name (slug) that the district gives its people, or from its
/// name.</summary>
[AllowAnonymous]
public sealed class DistrictPicker(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "slug")]
    public string? Slug { get; set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(Slug)) return Page();
        var slug = (await mediator.Send(new DistrictLogin.Query(District.NormalizeSlug(Slug)), token))?.Slug
            ?? await mediator.Send(new ByName(Slug.Trim()), token);
        if (slug is not null) return RedirectToPage("/Login/DistrictLogin", new { slug });
        Message = $"No district is called \"{Slug.Trim()}\". Check the short name your school gave you.";
        return Page();
    }

    /// <summary>The slug of the one district with this name (any case); null when none or several have it.</summary>
    public sealed record ByName(string Name) : IQuery<string?>;

    public sealed class ByNameHandler(TwigDb db) : IQueryHandler<ByName, string?>
    {
        public async ValueTask<string?> Handle(ByName message, CancellationToken token)
        {
            var name = message.Name.ToLower();
            var slugs = await db.Districts.AsNoTracking().Where(d => d.Name.ToLower() == name).Select(d => d.Slug).Take(2)
                .ToListAsync(token);
            return slugs.Count == 1 ? slugs[0] : null;
        }
    }
}
