using Mediator;
using Microsoft.AspNetCore.Mvc;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// A district's latest uploads for another slice's page (the owner's dashboard), by name:
/// <c>@await Component.InvokeAsync("RecentImports", new { districtId, source, latestOnly })</c> — the last upload in one line, or the
/// table of the last five. The caller has decided the viewer may see the district.
/// </summary>
public sealed class RecentImportsViewComponent(IMediator mediator) : ViewComponent
{
    public const int Shown = 5;

    public sealed record Model(IReadOnlyList<ImportSummary> Imports, RosterSource Source);

    public async Task<IViewComponentResult> InvokeAsync(int districtId, RosterSource source, bool latestOnly = false)
    {
        var imports = (await mediator.Send(new History.Query(districtId, Take: Shown), HttpContext.RequestAborted))?.Imports ?? [];
        var view = latestOnly ? "/Features/UsersCsvImport/_LatestImport.cshtml" : "/Features/UsersCsvImport/_RecentImports.cshtml";
        return View(view, new Model(imports, source));
    }
}
