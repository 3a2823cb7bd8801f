using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// One upload: its errors (paged, with a downloadable report), or its preview to confirm or cancel, or its outcome.
/// Confirming applies the whole file in one transaction after checking the licence and the archive threshold again.
/// </summary>
public sealed class Review(IMediator mediator, IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 100;

    public ImportAccess Access { get; private set; } = null!;
    public Result Data { get; private set; } = null!;
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(int importId, int p = 1, CancellationToken token = default) =>
        await LoadAsync(importId, p, token) ?? Page();

    /// <summary>Every error and warning as CSV: row, column, severity, message. Never a password; formulas neutralised.</summary>
    public async Task<IActionResult> OnGetReportAsync(int importId, CancellationToken token)
    {
        if (await ImportAccess.ResolveAsync(this, authorization) is not { } access) return Forbid();
        var report = await mediator.Send(new ReportQuery(access.DistrictId, importId), token);
        return report is null ? NotFound() : File(report, "text/csv", $"import-{importId}-report.csv");
    }

    public async Task<IActionResult> OnPostConfirmAsync(int importId, bool confirmArchive, int archiveCount, bool confirmClassDeactivations, int classDeactivationCount,
        CancellationToken token)
    {
        if (await ImportAccess.ResolveAsync(this, authorization) is not { } access) return Forbid();
        if (!access.CanManage) return Forbid();
        var outcome = await mediator.Send(new Command(access.DistrictId, importId, confirmArchive ? archiveCount : null,
            confirmClassDeactivations ? classDeactivationCount : null), token);
        if (outcome is null) return NotFound();
        if (outcome.Outcome == ApplyOutcome.NeedsArchiveConfirmation)
        {
            var refused = await LoadAsync(importId, 1, token);
            Notice = outcome.Message;
            return refused ?? Page();
        }
        return Redirect($"{access.BasePath}/{importId}");
    }

    /// <summary>A post without a handler (an old form, a refresh) shows the import again instead of an empty page.</summary>
    public IActionResult OnPost(int importId) => LocalRedirect(Request.Path.Value!);

    public async Task<IActionResult> OnPostCancelAsync(int importId, CancellationToken token)
    {
        if (await ImportAccess.ResolveAsync(this, authorization) is not { } access) return Forbid();
        if (!access.CanManage) return Forbid();
        return await mediator.Send(new CancelCommand(access.DistrictId, importId), token)
            ? Redirect($"{access.BasePath}/{importId}")
            : NotFound();
    }

    private async Task<IActionResult?> LoadAsync(int importId, int page, CancellationToken token)
    {
        if (await ImportAccess.ResolveAsync(this, authorization) is not { } access) return Forbid();
        Access = access;
        var result = await mediator.Send(new Query(access.DistrictId, importId, Math.Max(1, page)), token);
        if (result is null) return NotFound();
        Data = result;
        return null;
    }

    // ---- Query: the import, a page of its errors, and (while pending) the preview recomputed from the kept file.

    public sealed record Query(int DistrictId, int ImportId, int Page) : IQuery<Result?>;

    public sealed record Result(
        ImportSummary Import, string DistrictName, IReadOnlyList<IssueLine> Errors, int ErrorCount, int Page, int PageCount,
        IReadOnlyList<IssueLine> Warnings, int WarningCount, Preview? Preview)
    {
        public bool IsPending => Import.Status == CsvImportStatus.Previewed && Preview is not null;
    }

    public sealed record ImportSummary(
        int Id, string FileName, long SizeBytes, string Sha256, int RowCount, CsvImportStatus Status, string? Message,
        string UploadedBy, DateTime UploadedAt, DateTime? ExpiresAt, DateTime? AppliedAt,
        int Created, int Updated, int Reactivated, int Archived, int Unchanged,
        string? ClassesFileName = null, bool ClassesOnly = false, int ClassRowCount = 0);

    public sealed record IssueLine(int? Row, string? Column, string Message, string? File = null);

    /// <summary>What classes.csv will do: sections created, updated (or brought back), deactivated, unchanged; enrollments added and removed.</summary>
    public sealed record ClassPreview(int Create, int Update, int Reactivate, int Deactivate, int Unchanged, int EnrollmentsInFile, int EnrollmentsAdded, int EnrollmentsRemoved);

    public sealed record RoleLine(string Role, int Create, int Update, int Reactivate, int Archive, int Unchanged);

    public sealed record ArchiveLine(string UserId, string Name, string Role);

    public sealed record Preview(
        IReadOnlyList<RoleLine> Roles, PlanCheck.Result Licence, IReadOnlyList<string> NewSchools,
        bool NeedsArchiveConfirmation, int ThresholdPercent, int ActiveCsvPeopleNow, int ArchiveCount, IReadOnlyList<ArchiveLine> ArchiveList,
        int PasswordsToSet, int PasswordsToCheck, IReadOnlyList<IssueLine> NewErrors, ClassPreview? Classes = null, bool NeedsClassConfirmation = false)
    {
        public const int ArchiveListLimit = 500;
        public bool CanConfirm => Licence.Allowed && NewErrors.Count == 0;
    }

    public sealed record ReportQuery(int DistrictId, int ImportId) : IQuery<byte[]?>;

    // ---- Commands: confirm (apply) and cancel.

    public sealed record Command(int DistrictId, int ImportId, int? ConfirmedArchiveCount, int? ConfirmedClassDeactivations = null) : ICommand<ApplyResult?>, IOwnsTransaction;

    public enum ApplyOutcome { Applied, NeedsArchiveConfirmation, BlockedByLicense, NotPending, Failed }

    public sealed record ApplyResult(ApplyOutcome Outcome, string Message, AppliedCounts? Counts = null, ClassCounts? Classes = null);

    public sealed record CancelCommand(int DistrictId, int ImportId) : ICommand<bool>;

    public sealed class QueryHandler(TwigDb db, IMediator mediator, TimeProvider clock, PreviewFileProtector files) : IQueryHandler<Query, Result?>
    {
        public async ValueTask<Result?> Handle(Query message, CancellationToken token)
        {
            var import = await db.CsvImports.AsNoTracking()
                .Where(i => i.Id == message.ImportId && i.DistrictId == message.DistrictId && i.Source != RosterSource.OneRoster) // a package has its own page
                .Select(i => new ImportSummary(i.Id, i.FileName, i.SizeBytes, i.Sha256, i.RowCount, i.Status, i.Message, i.UploadedBy,
                    i.UploadedAt, i.ExpiresAt, i.AppliedAt, i.Created, i.Updated, i.Reactivated, i.Archived, i.Unchanged, i.ClassesFileName, i.ClassesOnly, i.ClassRowCount))
                .SingleOrDefaultAsync(token);
            if (import is null) return null;
            var districtName = await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleAsync(token);
            var now = clock.GetUtcNow().UtcDateTime;
            if (import.Status == CsvImportStatus.Previewed && import.ExpiresAt < now)
                import = import with { Status = CsvImportStatus.Expired, Message = ImportMaintenance.ExpiredMessage };

            var issues = db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == import.Id);
            var errors = issues.Where(i => i.Severity == IssueSeverity.Error);
            var errorCount = await errors.CountAsync(token);
            var pageCount = Math.Max(1, (errorCount + PageSize - 1) / PageSize);
            var page = Math.Min(message.Page, pageCount);
            var errorPage = await errors.OrderBy(i => i.RowNumber).ThenBy(i => i.Id).Skip((page - 1) * PageSize).Take(PageSize)
                .Select(i => new IssueLine(i.RowNumber, i.Column, i.Message, i.File)).ToListAsync(token);
            var warnings = issues.Where(i => i.Severity == IssueSeverity.Warning);
            var warningCount = await warnings.CountAsync(token);
            var warningLines = await warnings.OrderBy(i => i.Id).Take(PageSize).Select(i => new IssueLine(i.RowNumber, i.Column, i.Message, i.File)).ToListAsync(token);

            Preview? preview = null;
            if (import.Status == CsvImportStatus.Previewed)
            {
                if (await StoredPlansOrNullAsync(db, files, message.DistrictId, import.Id, import.ClassesOnly, token) is { } plans)
                {
                    var plan = plans.People ?? ImportPlan.Build(new ParsedFile([], [], 0), plans.District);
                    var licence = await mediator.Send(new PlanCheck.Query(message.DistrictId, plans.ActiveStudentsAfter), token);
                    var classes = plans.Classes is { } c
                        ? new ClassPreview(c.Creates.Count, c.Updates.Count - c.Reactivations, c.Reactivations, c.Deactivations.Count, c.Unchanged, c.EnrollmentsInFile, c.EnrollmentsAdded, c.EnrollmentsRemoved)
                        : null;
                    preview = new Preview(
                        plans.People is null ? [] : plan.ByRole.Select(r => new RoleLine(UsersCsv.RoleName(r.Key), r.Value.Create, r.Value.Update, r.Value.Reactivate, r.Value.Archive, r.Value.Unchanged)).ToList(),
                        licence, plan.NewSchools, plans.People is not null && plan.NeedsArchiveConfirmation, plan.ThresholdPercent, plan.ActiveCsvPeopleNow,
                        plans.People is null ? 0 : plan.Archives.Count,
                        plans.People is null ? [] : plan.Archives.Take(Preview.ArchiveListLimit).Select(a => new ArchiveLine(a.ExternalId, $"{a.FirstName} {a.LastName}", UsersCsv.RoleName(ImportPlan.PrimaryRole(a.Roles)))).ToList(),
                        plan.PasswordsToSet, plan.PasswordsToCheck,
                        plans.Errors.Select(e => new IssueLine(e.Row, e.Column, e.Message, e.File)).Take(PageSize).ToList(), classes,
                        plans.Classes?.NeedsDeactivationConfirmation(plans.District.ThresholdPercent) == true);
                }
            }
            return new Result(import, districtName, errorPage, errorCount, page, pageCount, warningLines, warningCount, preview);
        }
    }

    /// <summary>
    /// The kept files of a pending import, decrypted and planned against the district as it is now; null once they are gone,
    /// or when they cannot be read (altered, or their key is gone): the page then offers no confirmation.
    /// </summary>
    private static async Task<UploadPlans?> StoredPlansOrNullAsync(TwigDb db, PreviewFileProtector files, int districtId, int importId, bool classesOnly, CancellationToken token)
    {
        StoredFiles? stored;
        try
        {
            stored = await StoredFilesAsync(db, files, importId, classesOnly, token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        return stored is null ? null : await UploadPlans.BuildAsync(db, districtId, stored.Users, stored.Classes, token);
    }

    internal sealed record StoredFiles(ParsedFile? Users, ParsedClasses? Classes);

    /// <summary>
    /// The kept files of a pending import, decrypted: users.csv as the upload validated its rows (<see cref="StoredRows"/>; a
    /// file kept before that form is parsed), classes.csv parsed. Null once they are gone; throws
    /// <see cref="CryptographicException"/> when the stored bytes were altered.
    /// </summary>
    internal static async Task<StoredFiles?> StoredFilesAsync(TwigDb db, PreviewFileProtector files, int importId, bool classesOnly, CancellationToken token)
    {
        var stored = await db.CsvImportFiles.Where(f => f.CsvImportId == importId).Select(f => new { f.Content, f.ClassesContent }).SingleOrDefaultAsync(token);
        if (stored is null) return null;
        ParsedFile? users = null;
        if (!classesOnly)
        {
            var content = files.Unprotect(stored.Content);
            users = StoredRows.Read(content) ?? UsersCsv.Parse(content, int.MaxValue);
        }
        var classes = stored.ClassesContent is null ? null : ClassesCsv.Parse(files.Unprotect(stored.ClassesContent), int.MaxValue);
        return new StoredFiles(users, classes);
    }

    public sealed class ReportQueryHandler(TwigDb db) : IQueryHandler<ReportQuery, byte[]?>
    {
        public async ValueTask<byte[]?> Handle(ReportQuery message, CancellationToken token)
        {
            if (!await db.CsvImports.AnyAsync(i => i.Id == message.ImportId && i.DistrictId == message.DistrictId, token)) return null;
            var issues = await db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == message.ImportId)
                .OrderBy(i => i.Severity == IssueSeverity.Error ? 0 : 1).ThenBy(i => i.RowNumber).ThenBy(i => i.Id)
                .Select(i => new { i.File, i.RowNumber, i.Column, i.Severity, i.Message }).ToListAsync(token);
            return SpreadsheetCsv.Build(["file", "row", "column", "severity", "message"], issues.Select(issue => new[]
            {
                issue.File ?? UploadPlans.UsersFile, issue.RowNumber?.ToString(CultureInfo.InvariantCulture), issue.Column,
                issue.Severity == IssueSeverity.Error ? "error" : "warning", issue.Message,
            }));
        }
    }

    public sealed class CommandHandler(TwigDb db, IMediator mediator, IPasswordHasher<Person> hasher, AuditTrail audit, TimeProvider clock,
        Notifications.Outbox outbox, PreviewFileProtector files) : ICommandHandler<Command, ApplyResult?>
    {
        public async ValueTask<ApplyResult?> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var import = await db.CsvImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == message.ImportId && i.DistrictId == message.DistrictId && i.Source != RosterSource.OneRoster, token);
            if (import is null) return null;
            if (import.Status == CsvImportStatus.Previewed && import.ExpiresAt < now)
            {
                // Sweeping twice is harmless: nothing to verify.
                await db.InTransactionAsync(async ct => { await ImportMaintenance.SweepAsync(db, now, ct); return true; }, verifySucceeded: null, token);
                return new ApplyResult(ApplyOutcome.NotPending, ImportMaintenance.ExpiredMessage);
            }
            if (import.Status != CsvImportStatus.Previewed)
                return new ApplyResult(ApplyOutcome.NotPending, "This upload is no longer waiting for confirmation.");
            StoredFiles? stored;
            try
            {
                stored = await StoredFilesAsync(db, files, import.Id, import.ClassesOnly, token);
            }
            catch (CryptographicException)
            {
                return new ApplyResult(ApplyOutcome.Failed, UnreadableMessage);
            }
            if (stored is null) return new ApplyResult(ApplyOutcome.NotPending, ImportMaintenance.ExpiredMessage);
            // Rows with passwords: plan once outside the transaction to hash them there (slow by design); the plan that is
            // written is made inside it. Without passwords there is nothing to prepare, so the district is planned once.
            var passwords = new Dictionary<string, PreparedPassword>(StringComparer.Ordinal);
            if (stored.Users is { } users && users.People.Any(p => p.Password is not null))
            {
                var draft = await UploadPlans.BuildAsync(db, message.DistrictId, users, stored.Classes, token);
                if (draft is null) return new ApplyResult(ApplyOutcome.NotPending, ImportMaintenance.ExpiredMessage);
                if (Refusal(draft, message) is { } early) return early;
                passwords = ImportWriter.PreparePasswords(draft.People!, hasher, token);
            }

            return await db.InTransactionAsync(
                ct => ApplyAsync(message, stored.Users, stored.Classes, passwords, now, ct),
                async ct => await AppliedAsync(message, now, ct) is { } committed
                    ? TwigDbTransactions.Committed<ApplyResult?>(committed)
                    : TwigDbTransactions.NotCommitted<ApplyResult?>(),
                token);
        }

        /// <summary>One attempt: the import and the district are read again, so a retry plans against what is committed.</summary>
        private async Task<ApplyResult?> ApplyAsync(Command message, ParsedFile? file, ParsedClasses? classesFile, Dictionary<string, PreparedPassword> passwords, DateTime now, CancellationToken token)
        {
            var import = await db.CsvImports.SingleAsync(i => i.Id == message.ImportId, token);
            if (import.Status != CsvImportStatus.Previewed)
                return new ApplyResult(ApplyOutcome.NotPending, "This upload is no longer waiting for confirmation.");
            var plans = (await UploadPlans.BuildAsync(db, message.DistrictId, file, classesFile, token))!;
            if (Refusal(plans, message) is { } refused) return refused;
            if (await RosterSourceRule.RefusalAsync(db, message.DistrictId, RosterSource.Csv, token) is { } wrongSource) return new ApplyResult(ApplyOutcome.Failed, wrongSource);

            var licence = await mediator.Send(new PlanCheck.Query(message.DistrictId, plans.ActiveStudentsAfter), token);
            if (!licence.Allowed)
            {
                import.Status = CsvImportStatus.BlockedByLicense;
                import.Message = $"Blocked when confirming: {licence.Refusal} Nothing was changed.";
                await db.CsvImportFiles.Where(f => f.CsvImportId == import.Id).ExecuteDeleteAsync(token);
                audit.Record("csv.blocked", message.DistrictId, $"Import {import.Id}: {licence.Refusal}");
                return new ApplyResult(ApplyOutcome.BlockedByLicense, import.Message);
            }

            var claimed = await db.CsvImports.Where(i => i.Id == import.Id && i.Status == CsvImportStatus.Previewed)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Applied), token);
            if (claimed == 0) return new ApplyResult(ApplyOutcome.NotPending, "This upload is no longer waiting for confirmation.");

            var (people, classes) = await plans.WriteAsync(db, passwords, hasher, now, token);
            await RosterSourceRule.CompleteAsync(db, audit, message.DistrictId, RosterSource.Csv, now, token); // a switch to CSV completes here
            var counts = people ?? new AppliedCounts(0, 0, 0, 0, 0);
            import.Status = CsvImportStatus.Applied;
            import.AppliedAt = now;
            import.ExpiresAt = null;
            (import.Created, import.Updated, import.Reactivated, import.Archived, import.Unchanged) =
                (counts.Created, counts.Updated, counts.Reactivated, counts.Archived, counts.Unchanged);
            if (classes is not null) import.Record(classes);
            import.Message = string.Join(" ", new[] { people is null ? null : AppliedMessage(counts), classes is null ? null : CsvImportCounts.Describe(classes) }.OfType<string>());
            if (people is null) import.Message = "Applied. " + import.Message;
            await db.CsvImportFiles.Where(f => f.CsvImportId == import.Id).ExecuteDeleteAsync(token);
            audit.Record("csv.applied", message.DistrictId, $"Import {import.Id} ('{import.FileName}', SHA-256 {import.Sha256}): {import.Message}");
            await outbox.LicenceChangedAsync(message.DistrictId, token: token);
            return new ApplyResult(ApplyOutcome.Applied, import.Message, counts, classes);
        }

        /// <summary>After a lost commit acknowledgement: applied (or blocked) by this confirmation if the import says so.</summary>
        private async Task<ApplyResult?> AppliedAsync(Command message, DateTime now, CancellationToken token)
        {
            var import = await db.CsvImports.AsNoTracking().SingleAsync(i => i.Id == message.ImportId, token);
            if (import.Status == CsvImportStatus.Applied && import.AppliedAt == now)
            {
                var counts = new AppliedCounts(import.Created, import.Updated, import.Reactivated, import.Archived, import.Unchanged);
                return new ApplyResult(ApplyOutcome.Applied, import.Message ?? AppliedMessage(counts), counts);
            }
            return import.Status == CsvImportStatus.BlockedByLicense
                ? new ApplyResult(ApplyOutcome.BlockedByLicense, import.Message ?? "")
                : null;
        }

        public const string UnreadableMessage =
            "The kept copy of this upload cannot be read (it was altered, or the key that encrypted it is gone). Nothing was changed; upload the file again.";

        private static string AppliedMessage(AppliedCounts counts) => string.Create(CultureInfo.InvariantCulture,
            $"Applied: {counts.Created:N0} created, {counts.Updated:N0} updated, {counts.Reactivated:N0} reactivated, {counts.Archived:N0} archived, {counts.Unchanged:N0} unchanged.");

        private static ApplyResult? Refusal(UploadPlans plans, Command message)
        {
            if (plans.Errors.FirstOrDefault() is { } error)
                return new ApplyResult(ApplyOutcome.Failed,
                    $"The district changed since the preview and the file no longer fits: {error.Message} Nothing was changed; upload the file again.");
            if (plans.Classes is { } classes && classes.NeedsDeactivationConfirmation(plans.District.ThresholdPercent)
                && message.ConfirmedClassDeactivations != classes.Deactivations.Count)
                return new ApplyResult(ApplyOutcome.NeedsArchiveConfirmation, string.Create(CultureInfo.InvariantCulture,
                    $"This upload deactivates {classes.Deactivations.Count:N0} classes, more than {plans.District.ThresholdPercent} % of the district's {classes.ActiveClassesNow:N0} active CSV classes. Tick \"Deactivate these {classes.Deactivations.Count:N0} classes\" to confirm."));
            if (plans.People is not { } plan) return null;
            if (plan.NeedsArchiveConfirmation && message.ConfirmedArchiveCount != plan.Archives.Count)
                return new ApplyResult(ApplyOutcome.NeedsArchiveConfirmation, string.Create(CultureInfo.InvariantCulture,
                    $"This upload archives {plan.Archives.Count:N0} people, more than {plan.ThresholdPercent} % of the district's {plan.ActiveCsvPeopleNow:N0} active CSV people. Tick \"Archive these {plan.Archives.Count:N0} people\" to confirm."));
            return null;
        }
    }

    public sealed class CancelCommandHandler(TwigDb db, AuditTrail audit) : ICommandHandler<CancelCommand, bool>
    {
        public async ValueTask<bool> Handle(CancelCommand message, CancellationToken token)
        {
            var import = await db.CsvImports.SingleOrDefaultAsync(i => i.Id == message.ImportId && i.DistrictId == message.DistrictId, token);
            if (import is null) return false;
            if (import.Status != CsvImportStatus.Previewed) return true;
            import.Status = CsvImportStatus.Cancelled;
            import.Message = "Nothing was changed.";
            await db.CsvImportFiles.Where(f => f.CsvImportId == import.Id).ExecuteDeleteAsync(token);
            audit.Record("csv.cancelled", message.DistrictId, $"Import {import.Id}");
            return true;
        }
    }
}
