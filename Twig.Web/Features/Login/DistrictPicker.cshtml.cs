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

    /// <summary>The districts whose names hold what was typed, when more than one does: the visitor picks theirs.</summary>
    public IReadOnlyList<Candidate> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(Slug)) return Page();
        var typed = Slug.Trim();
        if ((await mediator.Send(new DistrictLogin.Query(District.NormalizeSlug(Slug)), token))?.Slug is { } slug)
            return RedirectToPage("/Login/DistrictLogin", new { slug });
        var found = await mediator.Send(new ByName(typed), token);
        if (found.Count == 1) return RedirectToPage("/Login/DistrictLogin", new { slug = found[0].Slug });
        Candidates = found.Count <= ByName.Shown ? found : [];
        Message = found.Count switch
        {
            0 => $"No district is called \"{typed}\". Check the short name your school gave you.",
            <= ByName.Shown => $"Several districts match \"{typed}\". Choose yours:",
            _ => $"More than {ByName.Shown} districts match \"{typed}\". Type more of the name, or the short name your school gave you.",
        };
        return Page();
    }

    public sealed record Candidate(string Name, string Slug);

    /// <summary>
    /// The districts of this name (any case), or else those whose names hold it (from three characters: "Pine Ridge" finds
    /// "Pine Ridge School District"); one more than <see cref="Shown"/> at most, so the page can tell "too many".
    /// </summary>
    public sealed record ByName(string Name) : IQuery<IReadOnlyList<Candidate>>
    {
        public const int Shown = 5;
        public const int ShortestPart = 3;
    }

    public sealed class ByNameHandler(TwigDb db) : IQueryHandler<ByName, IReadOnlyList<Candidate>>
    {
        public async ValueTask<IReadOnlyList<Candidate>> Handle(ByName message, CancellationToken token)
        {
            var name = message.Name.ToLower();
            var districts = db.Districts.AsNoTracking();
            var exact = await Read(districts.Where(d => d.Name.ToLower() == name), token);
            if (exact.Count > 0 || name.Length < ByName.ShortestPart) return exact;
            return await Read(districts.Where(d => d.Name.ToLower().Contains(name)), token);
        }

        private static async Task<List<Candidate>> Read(IQueryable<District> districts, CancellationToken token) =>
            await districts.OrderByName(d => d.Name).ThenBy(d => d.Slug).Select(d => new Candidate(d.Name, d.Slug))
                .Take(ByName.Shown + 1).ToListAsync(token);
    }
}
