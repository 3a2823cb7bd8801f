using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// One upload: its errors (paged, with a downloadable report), or its preview to confirm or cancel, or its outcome.
/// The page only adapts; each use case is its own file: the view (Review.View.cs), the confirmation that applies the whole
/// file in one transaction (Review.Confirm.cs), the cancellation (Review.Cancel.cs) and the issue report (Review.Report.cs).
/// </summary>
public sealed partial class Review(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 100;

    public DistrictPageAccess Access { get; private set; } = null!;
    public Result Data { get; private set; } = null!;
    public string? Notice { get; private set; }

    /// <summary>
    /// <paramref name="up"/> and <paramref name="np"/> page the preview's updated and new people, as <paramref name="p"/> pages errors.
    /// </summary>
    public async Task<IActionResult> OnGetAsync(int importId, int p = 1, int up = 1, int np = 1, CancellationToken token = default) =>
        await LoadAsync(importId, p, token, up, np) ?? Page();

    /// <summary>Every error and warning as CSV: row, column, severity, message. Never a password; formulas neutralised.</summary>
    public async Task<IActionResult> OnGetReportAsync(int importId, CancellationToken token)
    {
        if (await DistrictPageAccess.ResolveAsync(this, authorization) is not { } access) return Forbid();
        var report = await mediator.Send(new ReportQuery(access.DistrictId, importId), token);
        return report is null ? NotFound() : File(report, "text/csv", $"import-{importId}-report.csv");
    }

    public async Task<IActionResult> OnPostConfirmAsync(int importId, bool confirmArchive, int archiveCount,
        bool confirmClassDeactivations, int classDeactivationCount, CancellationToken token)
    {
        if (await DistrictPageAccess.ResolveAsync(this, authorization) is not { CanManage: true } access) return Forbid();
        var outcome = await mediator.Send(new Command(access.DistrictId, importId, confirmArchive ? archiveCount : null,
            confirmClassDeactivations ? classDeactivationCount : null), token);
        if (outcome is null) return NotFound();
        if (outcome.Outcome == ApplyOutcome.NeedsArchiveConfirmation)
        {
            var refused = await LoadAsync(importId, 1, token);
            Notice = outcome.Message;
            return refused ?? Page();
        }
        return RedirectToPage("/UsersCsvImport/Review", new { districtId = access.SupportDistrictId, importId });
    }

    /// <summary>A post without a handler (an old form, a refresh) shows the import again instead of an empty page.</summary>
    public IActionResult OnPost(int importId) => LocalRedirect(Request.Path.Value!);

    public async Task<IActionResult> OnPostCancelAsync(int importId, CancellationToken token)
    {
        if (await DistrictPageAccess.ResolveAsync(this, authorization) is not { CanManage: true } access) return Forbid();
        return await mediator.Send(new CancelCommand(access.DistrictId, importId), token)
            ? RedirectToPage("/UsersCsvImport/Review", new { districtId = access.SupportDistrictId, importId })
            : NotFound();
    }

    private async Task<IActionResult?> LoadAsync(int importId, int page, CancellationToken token, int updatesPage = 1, int newPage = 1)
    {
        if (await DistrictPageAccess.ResolveAsync(this, authorization) is not { } access) return Forbid();
        Access = access;
        var result = await mediator.Send(new Query(access.DistrictId, importId, Math.Max(1, page), updatesPage, newPage), token);
        if (result is null) return NotFound();
        Data = result;
        return null;
    }
}
