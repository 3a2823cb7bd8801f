using Mediator;
using Microsoft.AspNetCore.Mvc;
using Twig.Web.Domain;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// A district's latest uploads for another slice's page (the owner's dashboard), by name:
/// <c>@await Component.InvokeAsync("RecentImports", new { districtId, source, latestOnly })</c> — the upload in place and a
/// newer one not applied, in one line (<see cref="LatestImport"/>), or the table of the last five. The caller has decided the
/// viewer may see the district.
/// </summary>
public sealed class RecentImportsViewComponent(IMediator mediator) : ViewComponent
{
    public const int Shown = 5;

    public sealed record Model(IReadOnlyList<ImportSummary> Imports, RosterSource Source);

    public async Task<IViewComponentResult> InvokeAsync(int districtId, RosterSource source, bool latestOnly = false)
    {
        if (latestOnly)
            return View("/Features/UsersCsvImport/_LatestImport.cshtml",
                await mediator.Send(new LatestImport.Query(districtId), HttpContext.RequestAborted));
        var imports = (await mediator.Send(new History.Query(districtId, Take: Shown), HttpContext.RequestAborted))?.Imports ?? [];
        return View("/Features/UsersCsvImport/_RecentImports.cshtml", new Model(imports, source));
    }
}
