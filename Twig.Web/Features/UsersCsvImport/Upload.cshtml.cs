using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// The district owner (or a support admin acting for the district) uploads users.csv. Every row is checked;
/// nothing about the district's people is written here: the result is either a list of errors or a preview to confirm.
/// </summary>
[UploadLimits]
public sealed class Upload(IMediator mediator, IAuthorizationService authorization, IOptions<UsersCsvImportOptions> options) : PageModel
{
    public ImportAccess Access { get; private set; } = null!;
    public string DistrictName { get; private set; } = "";
    public UsersCsvImportOptions Limits => options.Value;

    [BindProperty]
    public IFormFile? CsvFile { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken token) => await LoadAsync(token) ?? Page();

    /// <summary>The headers and two example rows.</summary>
    public async Task<IActionResult> OnGetTemplateAsync(CancellationToken token) =>
        await LoadAsync(token) ?? File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(UsersCsv.Template)).ToArray(), "text/csv", "users-template.csv");

    public async Task<IActionResult> OnPostAsync(CancellationToken token)
    {
        if (await LoadAsync(token) is { } refused) return refused;
        if (CsvFile is null || CsvFile.Length == 0)
        {
            ModelState.AddModelError(nameof(CsvFile), "Choose the users.csv file to upload.");
            return Page();
        }
        if (CsvFile.Length > Limits.MaxFileBytes)
        {
            ModelState.AddModelError(nameof(CsvFile), TooLarge(CsvFile.Length, Limits.MaxFileBytes));
            return Page();
        }
        byte[] content;
        await using (var stream = CsvFile.OpenReadStream())
        using (var buffer = new MemoryStream((int)CsvFile.Length))
        {
            await stream.CopyToAsync(buffer, token);
            content = buffer.ToArray();
        }
        var result = await mediator.Send(new Command(Access.DistrictId, CsvFile.FileName, content), token);
        if (result is null) return NotFound();
        return Redirect($"{Access.BasePath}/{result.ImportId}");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken token)
    {
        // Support (read-only) sees the history, not the upload form.
        if (await ImportAccess.ResolveAsync(this, authorization) is not { CanManage: true } access) return Forbid();
        Access = access;
        var name = await mediator.Send(new DistrictNameQuery(access.DistrictId), token);
        if (name is null) return NotFound();
        DistrictName = name;
        return null;
    }

    public static string TooLarge(long size, long limit) => string.Create(CultureInfo.InvariantCulture,
        $"The file is {size / 1024.0 / 1024.0:0.0} MB; at most {limit / 1024.0 / 1024.0:0.#} MB can be uploaded. Remove columns that are not part of the format, or ask Twig support to raise the limit.");

    public sealed record DistrictNameQuery(int DistrictId) : IQuery<string?>;

    public sealed record Command(int DistrictId, string FileName, byte[] Content) : ICommand<Result?>, IOwnsTransaction;

    public sealed record Result(int ImportId, CsvImportStatus Status, string? Message);

    public sealed class DistrictNameQueryHandler(TwigDb db) : IQueryHandler<DistrictNameQuery, string?>
    {
        public async ValueTask<string?> Handle(DistrictNameQuery message, CancellationToken token) =>
            await db.Districts.Where(d => d.Id == message.DistrictId).Select(d => d.Name).SingleOrDefaultAsync(token);
    }

    public sealed class CommandHandler(TwigDb db, IMediator mediator, AuditTrail audit, CurrentActor actor, TimeProvider clock,
        IOptions<UsersCsvImportOptions> options) : ICommandHandler<Command, Result?>
    {
        public async ValueTask<Result?> Handle(Command message, CancellationToken token)
        {
            var limits = options.Value;
            var now = clock.GetUtcNow().UtcDateTime;
            var fileName = Path.GetFileName(message.FileName.Replace('\\', '/'));
            if (fileName.Length > 200) fileName = fileName[..200];
            // What the upload is, whatever its content says; each attempt below records a fresh copy of it.
            var record = new CsvImport
            {
                DistrictId = message.DistrictId,
                UploadedBy = actor.Name,
                UploadedAt = now,
                FileName = fileName.Length == 0 ? "users.csv" : fileName,
                SizeBytes = message.Content.LongLength,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(message.Content)),
            };

            List<ImportIssue> issues = [];
            var keepFile = false;
            if (message.Content.LongLength > limits.MaxFileBytes)
            {
                if (!await db.Districts.AnyAsync(d => d.Id == message.DistrictId, token)) return null;
                record.Status = CsvImportStatus.Invalid;
                record.Message = TooLarge(message.Content.LongLength, limits.MaxFileBytes);
            }
            else
            {
                var parsed = UsersCsv.Parse(message.Content, limits.MaxRows);
                var district = await DistrictState.LoadAsync(db, message.DistrictId, token);
                if (district is null) return null;
                var plan = ImportPlan.Build(parsed, district);
                record.RowCount = parsed.RowCount;
                record.Created = plan.Creates.Count;
                record.Updated = plan.Updates.Count - plan.Reactivations;
                record.Reactivated = plan.Reactivations;
                record.Archived = plan.Archives.Count;
                record.Unchanged = plan.Unchanged;
                issues = [.. plan.Errors, .. plan.Warnings];
                if (plan.Errors.Count > 0)
                {
                    record.Status = CsvImportStatus.Invalid;
                    record.Message = plan.Errors.Count == 1 && plan.Errors[0].Row is null
                        ? plan.Errors[0].Message
                        : string.Create(CultureInfo.InvariantCulture, $"{plan.Errors.Count:N0} error{(plan.Errors.Count == 1 ? "" : "s")} found; nothing was changed. Correct the file and upload it again.");
                }
                else if (await mediator.Send(new PlanCheck.Query(message.DistrictId, plan.ActiveStudentsAfter), token) is { Allowed: false } refused)
                {
                    record.Status = CsvImportStatus.BlockedByLicense;
                    record.Message = $"This upload cannot be applied: {refused.Refusal} Nothing was changed.";
                }
                else
                {
                    record.Status = CsvImportStatus.Previewed;
                    record.ExpiresAt = now + limits.PreviewLifetime;
                    keepFile = true;
                }
            }

            return await db.InTransactionAsync(
                ct => RecordAsync(message, record, issues, keepFile, now, ct),
                async ct => await RecordedAsync(record, ct) is { } committed ? TwigDbTransactions.Committed<Result?>(committed) : TwigDbTransactions.NotCommitted<Result?>(),
                token);
        }

        /// <summary>One attempt: sweep, replace an older preview, and store this upload with its issues and audit entry.</summary>
        private async Task<Result?> RecordAsync(Command message, CsvImport record, List<ImportIssue> issues, bool keepFile, DateTime now, CancellationToken token)
        {
            await ImportMaintenance.SweepAsync(db, now, token);
            if (keepFile)
            {
                // One pending preview per district: a newer upload replaces an older one.
                await db.CsvImports.Where(i => i.DistrictId == message.DistrictId && i.Status == CsvImportStatus.Previewed)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Cancelled)
                        .SetProperty(i => i.Message, "Replaced by a newer upload; nothing was changed."), token);
                await db.CsvImportFiles.Where(f => db.CsvImports.Any(i => i.Id == f.CsvImportId && i.DistrictId == message.DistrictId))
                    .ExecuteDeleteAsync(token);
            }
            var import = Copy(record);
            db.CsvImports.Add(import);
            await db.SaveChangesAsync(token);
            if (keepFile) db.CsvImportFiles.Add(new CsvImportFile { CsvImportId = import.Id, Content = message.Content });
            await ImportWriter.InsertIssuesAsync(db, import.Id, issues, token);
            audit.Record("csv.uploaded", message.DistrictId, string.Create(CultureInfo.InvariantCulture,
                $"Import {import.Id}: '{import.FileName}', {import.SizeBytes:N0} bytes, {import.RowCount:N0} rows, SHA-256 {import.Sha256}, {import.Status}"));
            await db.SaveChangesAsync(token);
            db.ChangeTracker.Clear(); // do not hold the file's bytes for the rest of the scope
            return new Result(import.Id, import.Status, import.Message);
        }

        /// <summary>After a lost commit acknowledgement: the upload is stored if its row (same district, uploader, instant and hash) is.</summary>
        private Task<Result?> RecordedAsync(CsvImport record, CancellationToken token) =>
            db.CsvImports.AsNoTracking()
                .Where(i => i.DistrictId == record.DistrictId && i.UploadedBy == record.UploadedBy && i.UploadedAt == record.UploadedAt && i.Sha256 == record.Sha256)
                .OrderByDescending(i => i.Id)
                .Select(i => new Result(i.Id, i.Status, i.Message))
                .FirstOrDefaultAsync(token);

        private static CsvImport Copy(CsvImport record) => new()
        {
            DistrictId = record.DistrictId, UploadedBy = record.UploadedBy, UploadedAt = record.UploadedAt, FileName = record.FileName,
            SizeBytes = record.SizeBytes, Sha256 = record.Sha256, RowCount = record.RowCount, Status = record.Status, Message = record.Message,
            ExpiresAt = record.ExpiresAt, Created = record.Created, Updated = record.Updated, Reactivated = record.Reactivated,
            Archived = record.Archived, Unchanged = record.Unchanged,
        };
    }
}
