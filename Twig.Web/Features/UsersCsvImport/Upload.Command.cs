using System.Globalization;
using System.Security.Cryptography;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class Upload
{
    /// <summary>
    /// One upload: users.csv (<paramref name="Content"/>), classes.csv (<paramref name="ClassesContent"/>), or both.
    /// <paramref name="FileName"/> names users.csv, or classes.csv when it comes alone.
    /// </summary>
    /// <param name="LockWait">How long to wait for a sync or import holding the district (SQL Server); a page's 15 s when null.</param>
    public sealed record Command(
        int DistrictId, string FileName, byte[]? Content, string? ClassesFileName = null, byte[]? ClassesContent = null,
        TimeSpan? LockWait = null)
        : ICommand<Result?>, IOwnsTransaction;

    public sealed record Result(int ImportId, CsvImportStatus Status, string? Message);

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, CurrentActor actor, TimeProvider clock,
        IOptions<UsersCsvImportOptions> options, PreviewFileProtector files, KeptRows kept, ILogger<CommandHandler> logger)
        : ICommandHandler<Command, Result?>
    {
        public async ValueTask<Result?> Handle(Command message, CancellationToken token)
        {
            var timer = new ImportStepTimer();
            var limits = options.Value;
            var now = clock.GetUtcNow().UtcDateTime;
            static string NameOf(string name, string fallback)
            {
                name = Path.GetFileName(name.Replace('\\', '/'));
                if (name.Length > 200) name = name[..200];
                return name.Length == 0 ? fallback : name;
            }
            var classesOnly = message.Content is null;
            var main = message.Content ?? message.ClassesContent ?? [];
            // What the upload is, whatever its content says; each attempt below records a fresh copy of it.
            var record = new CsvImport
            {
                DistrictId = message.DistrictId,
                UploadedBy = actor.Name,
                UploadedAt = now,
                FileName = NameOf(message.FileName, classesOnly ? ClassesCsv.FileName : "users.csv"),
                SizeBytes = main.LongLength,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(main)),
                ClassesOnly = classesOnly,
            };
            if (message.ClassesContent is { } classesBytes)
            {
                record.ClassesFileName = NameOf(message.ClassesFileName ?? message.FileName, ClassesCsv.FileName);
                record.ClassesSizeBytes = classesBytes.LongLength;
                record.ClassesSha256 = Convert.ToHexStringLower(SHA256.HashData(classesBytes));
            }

            List<ImportIssue> issues = [];
            var keepFile = false;
            ParsedFile? parsed = null;
            var tooLarge = Math.Max(message.Content?.LongLength ?? 0, message.ClassesContent?.LongLength ?? 0);
            if (tooLarge > limits.MaxFileBytes)
            {
                if (!await db.Districts.AnyAsync(d => d.Id == message.DistrictId, token)) return null;
                record.Status = CsvImportStatus.Invalid;
                record.Message = TooLarge(tooLarge, limits.MaxFileBytes);
            }
            else
            {
                parsed = message.Content is null ? null : UsersCsv.Parse(message.Content, limits.MaxRows);
                var parsedClasses = message.ClassesContent is null ? null : ClassesCsv.Parse(message.ClassesContent, limits.MaxRows);
                timer.Mark("parse");
                var plans = await UploadPlans.BuildAsync(db, message.DistrictId, parsed, parsedClasses, token, timer);
                if (plans is null) return null;
                record.Record(plans);
                issues = [.. plans.Errors, .. plans.Warnings];
                var errors = plans.Errors.ToList();
                // Sources never mix: a district rostered from Clever or OneRoster refuses a CSV upload, saying why.
                if (await RosterSourceRule.RefusalAsync(db, message.DistrictId, RosterSource.Csv, token) is { } wrongSource)
                    (record.Status, record.Message, issues) =
                        (CsvImportStatus.Invalid, wrongSource, [new ImportIssue(IssueSeverity.Error, null, null, wrongSource)]);
                else if (errors.Count > 0)
                {
                    var correct = message.Content is null || message.ClassesContent is null
                        ? "Correct the file and upload it again."
                        : "Correct the files and upload them again.";
                    record.Status = CsvImportStatus.Invalid;
                    record.Message = errors.Count == 1 && errors[0].Row is null
                        ? errors[0].Message
                        : string.Create(CultureInfo.InvariantCulture, $"{errors.Count:N0} error{(errors.Count == 1 ? "" : "s")} found; " +
                            $"nothing was changed. {correct}");
                }
                else if (await PlanCheck.CheckAsync(db, clock, message.DistrictId, plans.ActiveStudentsAfter, token)
                         is { Allowed: false } refused)
                {
                    record.Status = CsvImportStatus.BlockedByLicense;
                    record.Message = $"{ImportWords.BlockedLead} {refused.Refusal} Nothing was changed.";
                }
                else
                {
                    record.Status = CsvImportStatus.Previewed;
                    record.ExpiresAt = now + limits.PreviewLifetime;
                    keepFile = true;
                }
            }

            timer.Mark("checks");
            // Encrypted before the transaction: a first use of Data Protection may write a new key to the database. users.csv is
            // kept as the rows this upload validated, so the preview and the confirmation do not parse and check it again.
            var keptRows = keepFile && parsed is not null ? StoredRows.Write(parsed) : null;
            var stored = keepFile ? (keptRows is null ? [] : files.Protect(keptRows)) : null;
            var storedClasses = keepFile && message.ClassesContent is not null ? files.Protect(message.ClassesContent) : null;
            timer.Mark("keep");
            var result = await db.InTransactionAsync(
                ct => RecordAsync(message, record, issues, stored, storedClasses, now, ct),
                async ct => await RecordedAsync(record, ct) is { } committed
                    ? TwigDbTransactions.Committed<Result?>(committed)
                    : TwigDbTransactions.NotCommitted<Result?>(),
                token);
            timer.Mark("record");
            if (result?.Status == CsvImportStatus.Previewed && keptRows is not null) kept.Keep(keptRows, parsed!);
            logger.LogInformation(
                "users.csv upload {ImportId} of district {DistrictId}: {Rows} rows, {Status} in {Milliseconds} ms ({Steps})",
                result?.ImportId, message.DistrictId, record.RowCount, record.Status, timer.TotalMilliseconds, timer.Steps);
            return result;
        }

        /// <summary>
        /// One attempt: sweep, replace an older preview, and store this upload (its file encrypted) with its issues and audit entry.
        /// </summary>
        private async Task<Result?> RecordAsync(Command message, CsvImport record, List<ImportIssue> issues, byte[]? stored,
            byte[]? storedClasses, DateTime now, CancellationToken token)
        {
            var keepFile = stored is not null;
            await DistrictLock.TakeAsync(db, message.DistrictId, token, message.LockWait);
            // A district whose data is being deleted keeps nothing of an upload, not even its refusal: the deletion (begun under
            // the same lock, perhaps after this upload's checks) empties its imports and must not find a new one behind it.
            if (await db.Districts.AnyAsync(d => d.Id == message.DistrictId && d.DeletedAt != null, token)) return null;
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
            if (stored is not null)
                db.CsvImportFiles.Add(new CsvImportFile
                {
                    CsvImportId = import.Id, Content = stored, ClassesContent = storedClasses,
                });
            await ImportWriter.InsertIssuesAsync(db, import.Id, issues, token);
            var classes = import.ClassesFileName is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"; classes '{import.ClassesFileName}', {import.ClassRowCount:N0} rows, SHA-256 {import.ClassesSha256}");
            audit.Record("csv.uploaded", message.DistrictId, string.Create(CultureInfo.InvariantCulture,
                $"Import {import.Id}: '{import.FileName}', {import.SizeBytes:N0} bytes, {import.RowCount:N0} rows, " +
                $"SHA-256 {import.Sha256}{classes}. Outcome: {import.Status.Describe()}"));
            await db.SaveChangesAsync(token);
            db.ChangeTracker.Clear(); // do not hold the file's bytes for the rest of the scope
            return new Result(import.Id, import.Status, import.Message);
        }

        /// <summary>
        /// After a lost commit acknowledgement: the upload is stored if its row (same district, uploader, instant and hash) is.
        /// </summary>
        private Task<Result?> RecordedAsync(CsvImport record, CancellationToken token) =>
            db.CsvImports.AsNoTracking()
                .Where(i => i.DistrictId == record.DistrictId && i.UploadedBy == record.UploadedBy && i.UploadedAt == record.UploadedAt
                    && i.Sha256 == record.Sha256)
                .OrderByDescending(i => i.Id)
                .Select(i => new Result(i.Id, i.Status, i.Message))
                .FirstOrDefaultAsync(token);

        private static CsvImport Copy(CsvImport record) => new()
        {
            DistrictId = record.DistrictId, UploadedBy = record.UploadedBy, UploadedAt = record.UploadedAt, FileName = record.FileName,
            SizeBytes = record.SizeBytes, Sha256 = record.Sha256, RowCount = record.RowCount, Status = record.Status,
            Message = record.Message,
            ExpiresAt = record.ExpiresAt, Created = record.Created, Updated = record.Updated, Reactivated = record.Reactivated,
            Archived = record.Archived, Unchanged = record.Unchanged,
            ClassesFileName = record.ClassesFileName, ClassesSizeBytes = record.ClassesSizeBytes, ClassesSha256 = record.ClassesSha256,
            ClassesOnly = record.ClassesOnly, ClassRowCount = record.ClassRowCount, ClassesCreated = record.ClassesCreated,
            ClassesUpdated = record.ClassesUpdated, ClassesDeactivated = record.ClassesDeactivated,
            ClassesUnchanged = record.ClassesUnchanged,
            EnrollmentsAdded = record.EnrollmentsAdded, EnrollmentsRemoved = record.EnrollmentsRemoved,
        };
    }
}
