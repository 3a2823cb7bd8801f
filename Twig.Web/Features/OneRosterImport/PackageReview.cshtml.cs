using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// One uploaded package: its errors (with a downloadable report), or its preview to confirm or cancel, or its outcome.
/// Confirming runs <see cref="ImportOneRoster"/> for real on the kept package: it checks and plans again against the district
/// as it is then, checks the licence and the deactivation threshold, and applies everything in one transaction.
/// </summary>
public sealed partial class PackageReview(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public const int Shown = 200;

    public DistrictPageAccess Access { get; private set; } = null!;
    public Result Data { get; private set; } = null!;
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(int importId, CancellationToken token) => await LoadAsync(importId, token) ?? Page();

    /// <summary>Every error and warning as CSV: file, row, column, severity, message. Never a password; formulas neutralised.</summary>
    public async Task<IActionResult> OnGetReportAsync(int importId, CancellationToken token)
    {
        if (await DistrictPageAccess.ResolveAsync(User, RouteData, authorization) is not { } access) return Forbid();
        var report = await mediator.Send(new ReportQuery(access.DistrictId, importId), token);
        return report is null ? NotFound() : File(report, "text/csv", $"oneroster-{importId}-report.csv");
    }

    public async Task<IActionResult> OnPostConfirmAsync(int importId, bool confirmDeactivations, int deactivationCount,
        CancellationToken token)
    {
        if (await DistrictPageAccess.ResolveAsync(User, RouteData, authorization) is not { CanManage: true } access) return Forbid();
        var outcome =
            await mediator.Send(new ConfirmCommand(access.DistrictId, importId, confirmDeactivations ? deactivationCount : null), token);
        if (outcome is null) return NotFound();
        if (outcome.NeedsConfirmation)
        {
            var refused = await LoadAsync(importId, token);
            Notice = outcome.Message;
            return refused ?? Page();
        }
        return RedirectToPage("/OneRosterImport/PackageReview", new { districtId = access.SupportDistrictId, importId });
    }

    /// <summary>A post without a handler (an old form, a refresh) shows the import again instead of an empty page.</summary>
    public IActionResult OnPost(int importId) => LocalRedirect(Request.Path.Value!);

    public async Task<IActionResult> OnPostCancelAsync(int importId, CancellationToken token)
    {
        if (await DistrictPageAccess.ResolveAsync(User, RouteData, authorization) is not { CanManage: true } access) return Forbid();
        return await mediator.Send(new CancelCommand(access.DistrictId, importId), token)
            ? RedirectToPage("/OneRosterImport/PackageReview", new { districtId = access.SupportDistrictId, importId })
            : NotFound();
    }

    private async Task<IActionResult?> LoadAsync(int importId, CancellationToken token)
    {
        if (await DistrictPageAccess.ResolveAsync(User, RouteData, authorization) is not { } access) return Forbid();
        Access = access;
        var result = await mediator.Send(new Query(access.DistrictId, importId), token);
        if (result is null) return NotFound();
        Data = result;
        return null;
    }

    /// <summary>The preview's counts on the import row, so the history shows what it would do (and then what it did).</summary>
    internal static void Record(CsvImport import, ImportOneRoster.Preview preview)
    {
        import.PreviewJson = PreviewJson.Write(preview);
        (import.Created, import.Updated, import.Reactivated, import.Archived, import.Unchanged) =
            (preview.PeopleCreated, preview.PeopleUpdated, preview.PeopleReactivated, preview.PeopleDeactivated, preview.PeopleUnchanged);
        (import.ClassesCreated, import.ClassesUpdated, import.ClassesDeactivated, import.EnrollmentsAdded, import.EnrollmentsRemoved) =
            (preview.ClassesCreated, preview.ClassesUpdated, preview.ClassesDeactivated, preview.EnrollmentsAdded,
                preview.EnrollmentsRemoved);
    }

    public const string ExpiredMessage = "The preview expired before it was confirmed; nothing was changed. Upload the package again.";

    public sealed record Query(int DistrictId, int ImportId) : IQuery<Result?>;

    public sealed record Summary
    {
        public required int Id { get; init; }
        public required string FileName { get; init; }
        public required long SizeBytes { get; init; }
        public required string Sha256 { get; init; }
        public required int RowCount { get; init; }
        public required CsvImportStatus Status { get; init; }
        public string? Message { get; init; }
        public required string UploadedBy { get; init; }
        public required DateTime UploadedAt { get; init; }
        public DateTime? ExpiresAt { get; init; }
        public DateTime? AppliedAt { get; init; }
        public required bool Passwords { get; init; }
    }

    public sealed record Line(string? File, int? Row, string? Column, string Message);

    public sealed record Result
    {
        public required Summary Import { get; init; }
        public required string DistrictName { get; init; }
        public required IReadOnlyList<Line> Errors { get; init; }
        public required int ErrorCount { get; init; }
        public required IReadOnlyList<Line> Warnings { get; init; }
        public required int WarningCount { get; init; }
        public ImportOneRoster.Preview? Preview { get; init; }
        public required bool Pending { get; init; }

        public bool NeedsConfirmation => Preview?.NeedsConfirmation == true;
    }

    public sealed record ReportQuery(int DistrictId, int ImportId) : IQuery<byte[]?>;

    public sealed record CancelCommand(int DistrictId, int ImportId) : ICommand<bool>;

    internal static IQueryable<CsvImport> Packages(TwigDb db, int districtId, int importId) =>
        db.CsvImports.AsNoTracking().Where(i => i.Id == importId && i.DistrictId == districtId && i.Source == RosterSource.OneRoster);

    public sealed class QueryHandler(TwigDb db, TimeProvider clock) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var row = await Packages(db, message.DistrictId, message.ImportId)
                .Select(i => new
                {
                    Summary = new Summary
                    {
                        Id = i.Id,
                        FileName = i.FileName,
                        SizeBytes = i.SizeBytes,
                        Sha256 = i.Sha256,
                        RowCount = i.RowCount,
                        Status = i.Status,
                        Message = i.Message,
                        UploadedBy = i.UploadedBy,
                        UploadedAt = i.UploadedAt,
                        ExpiresAt = i.ExpiresAt,
                        AppliedAt = i.AppliedAt,
                        Passwords = i.OneRosterPasswords,
                    },
                    i.PreviewJson,
                    File = db.CsvImportFiles.Any(f => f.CsvImportId == i.Id),
                })
                .SingleOrDefaultAsync(token);
            if (row is null) return null;
            var import = row.Summary;
            var districtName = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleAsync(token);
            if (import.Status == CsvImportStatus.Previewed && (import.ExpiresAt < clock.GetUtcNow().UtcDateTime || !row.File))
                import = import with { Status = CsvImportStatus.Expired, Message = ExpiredMessage };

            var issues = db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == import.Id);
            var errors = issues.Where(i => i.Severity == IssueSeverity.Error);
            var warnings = issues.Where(i => i.Severity == IssueSeverity.Warning);
            return new Result
            {
                Import = import,
                DistrictName = districtName,
                Errors = await errors.OrderBy(i => i.Id).Take(Shown)
                    .Select(i => new Line(i.File, i.RowNumber, i.Column, i.Message)).ToListAsync(token),
                ErrorCount = await errors.CountAsync(token),
                Warnings = await warnings.OrderBy(i => i.Id).Take(Shown)
                    .Select(i => new Line(i.File, i.RowNumber, i.Column, i.Message)).ToListAsync(token),
                WarningCount = await warnings.CountAsync(token),
                Preview = PreviewJson.Read(row.PreviewJson),
                Pending = import.Status == CsvImportStatus.Previewed,
            };
        }
    }

    public sealed class ReportQueryHandler(TwigDb db) : IQueryHandler<ReportQuery, byte[]?>
    {
        public async ValueTask<byte[]?> Handle(ReportQuery message, CancellationToken token)
        {
            if (!await Packages(db, message.DistrictId, message.ImportId).AnyAsync(token)) return null;
            var issues = await db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == message.ImportId)
                .OrderBy(i => i.Severity == IssueSeverity.Error ? 0 : 1).ThenBy(i => i.Id)
                .Select(i => new { i.File, i.RowNumber, i.Column, i.Severity, i.Message }).ToListAsync(token);
            return SpreadsheetCsv.Build(["file", "row", "column", "severity", "message"], issues.Select(issue => new[]
            {
                issue.File, issue.RowNumber?.ToString(CultureInfo.InvariantCulture), issue.Column,
                issue.Severity == IssueSeverity.Error ? "error" : "warning", issue.Message,
            }));
        }
    }

    public sealed class CancelCommandHandler(TwigDb db, AuditTrail audit) : ICommandHandler<CancelCommand, bool>
    {
        public async ValueTask<bool> Handle(CancelCommand message, CancellationToken token)
        {
            var import = await db.CsvImports.SingleOrDefaultAsync(i => i.Id == message.ImportId && i.DistrictId == message.DistrictId
                && i.Source == RosterSource.OneRoster, token);
            if (import is null) return false;
            if (import.Status != CsvImportStatus.Previewed) return true;
            import.Status = CsvImportStatus.Cancelled;
            import.Message = ImportWords.CancelledMessage;
            await db.CsvImportFiles.Where(f => f.CsvImportId == import.Id).ExecuteDeleteAsync(token);
            audit.Record("oneroster.cancelled", message.DistrictId, $"Import {import.Id}");
            return true;
        }
    }
}
