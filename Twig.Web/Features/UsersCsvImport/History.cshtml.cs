using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// Every users.csv / classes.csv upload of a district, newest first: who, when, which file, what happened. Owner and support.
/// </summary>
public sealed class History(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public DistrictPageAccess Access { get; private set; } = null!;
    public Result Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken token)
    {
        if (await DistrictPageAccess.ResolveAsync(this, authorization) is not { } access) return Forbid();
        Access = access;
        var result = await mediator.Send(new Query(access.DistrictId), token);
        if (result is null) return NotFound();
        Data = result;
        return Page();
    }

    public sealed record Query(int DistrictId, int Take = 200) : IQuery<Result?>;

    /// <param name="Source">The district's roster source: the page offers only its upload.</param>
    public sealed record Result(string DistrictName, RosterSource Source, IReadOnlyList<ImportSummary> Imports);

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var district = await db.Districts.Where(d => d.Id == message.DistrictId)
                .Select(d => new { d.Name, d.RosterSource, Clever = d.CleverConnection != null }).SingleOrDefaultAsync(token);
            if (district is null) return null;
            var now = clock.GetUtcNow().UtcDateTime;
            var imports = await db.CsvImports.AsNoTracking()
                .Where(i => i.DistrictId == message.DistrictId)
                .OrderByDescending(i => i.UploadedAt).ThenByDescending(i => i.Id)
                .Take(message.Take)
                .Select(ImportSummary.Projection)
                .ToListAsync(token);
            return new Result(district.Name, RosterSources.Effective(district.RosterSource, district.Clever),
                imports.Select(i => i.AsSeenAt(now)).ToList());
        }
    }
}
