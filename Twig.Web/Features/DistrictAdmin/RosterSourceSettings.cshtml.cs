using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>A support admin sees and changes the district's roster source (<see cref="ChangeRosterSource"/>).</summary>
[Authorize(Policy = TwigPolicies.IsSupportAdmin)]
public sealed class RosterSourceSettings(IMediator mediator) : PageModel
{
    public Model Data { get; private set; } = null!;
    [BindProperty] public RosterSource? Source { get; set; }
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(int districtId, CancellationToken token)
    {
        var model = await mediator.Send(new Query(districtId), token);
        if (model is null) return NotFound();
        Data = model;
        Source = model.Current;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int districtId, CancellationToken token)
    {
        if (Source is null || !Enum.IsDefined(Source.Value)) ModelState.AddModelError(nameof(Source), "Choose a roster source.");
        if (!ModelState.IsValid) return await OnGetAsync(districtId, token);
        var result = await mediator.Send(new ChangeRosterSource.Command(districtId, Source!.Value), token);
        Notice = result.Changed
            ? $"The district is now rostered from {result.To.Describe()}. People from {result.From.Describe()} stay active until the " +
                $"first {result.To.Describe()} import is applied."
            : $"The district was already rostered from {result.To.Describe()}.";
        return RedirectToPage(new { districtId });
    }

    public sealed record Query(int DistrictId) : IQuery<Model?>;

    public sealed record Model(int DistrictId, string Name, RosterSource Current, bool Recorded, RosterSource? Retiring);

    public sealed class QueryHandler(TwigDb db) : IQueryHandler<Query, Model?>
    {
        public async ValueTask<Model?> Handle(Query message, CancellationToken token)
        {
            var d = await db.Districts.AsNoTracking().Where(x => x.Id == message.DistrictId)
                .Select(x => new { x.Id, x.Name, x.RosterSource, x.RetiringRosterSource, Clever = x.CleverConnection != null })
                .SingleOrDefaultAsync(token);
            return d is null ? null : new Model(d.Id, d.Name, RosterSources.Effective(d.RosterSource, d.Clever),
                d.RosterSource is not null, d.RetiringRosterSource);
        }
    }
}
