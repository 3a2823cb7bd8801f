using System.Globalization;
using System.IO.Compression;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// Builds one queued export: a zip of CSVs (schools, people with the fields Twig keeps, their schools, sections,
/// enrollments, sync runs and their warnings, imports and their issues), read row by row so a large district never sits
/// in memory as objects. Sources, roles, triggers and outcomes read in the words the pages use ("Sync now", "Succeeded
/// with warnings"), never enum names. Never a password hash, a Google subject, a token or another district's row.
/// Progress is the number of files written.
/// </summary>
public static class BuildExport
{
    public sealed record Command(int ExportId, string Worker) : ICommand<bool>, IOwnsTransaction;

    public static readonly string[] Files =
    [
        "schools.csv", "people.csv", "person_schools.csv", "sections.csv", "enrollments.csv", "sync_runs.csv", "sync_issues.csv",
        "imports.csv", "import_issues.csv",
    ];

    /// <summary>
    /// How long a claim holds without renewal; each file renews it. Long enough for the largest district's biggest file, so a
    /// live build is never taken for a stopped one.
    /// </summary>
    private static readonly TimeSpan Claim = TimeSpan.FromHours(1);

    /// <summary>The claim lapsed and another instance holds the export now: this build stops.</summary>
    private sealed class ExportTakenOverException : Exception;

    /// <summary>
    /// An export any instance may build now: queued, or running under a claim that lapsed (its builder stopped half-way).
    /// </summary>
    public static Expression<Func<DistrictExport, bool>> Buildable(DateTime now) => e =>
        e.Status == DistrictExportStatus.Queued
        || (e.Status == DistrictExportStatus.Running && (e.ClaimedUntil == null || e.ClaimedUntil < now));

    private const string FailedMessage = "Twig could not build the export; ask again, or contact support if it keeps failing.";

    public sealed class CommandHandler(TwigDb db, TimeProvider clock, IOptions<DataStewardshipOptions> options,
        ILogger<CommandHandler> logger) : ICommandHandler<Command, bool>
    {
        public async ValueTask<bool> Handle(Command message, CancellationToken token)
        {
            // Claimed by a conditional update, so two app instances never build the same export.
            var now = clock.GetUtcNow().UtcDateTime;
            var claimed = await db.DistrictExports.Where(e => e.Id == message.ExportId).Where(Buildable(now))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, DistrictExportStatus.Running)
                    .SetProperty(e => e.ClaimedBy, message.Worker).SetProperty(e => e.ClaimedUntil, now + Claim)
                    .SetProperty(e => e.ProgressDone, 0).SetProperty(e => e.ProgressTotal, Files.Length), token);
            if (claimed == 0) return false;
            var districtId = await db.DistrictExports.Where(e => e.Id == message.ExportId).Select(e => e.DistrictId).SingleAsync(token);
            try
            {
                using var zipBytes = new MemoryStream();
                using (var zip = new ZipArchive(zipBytes, ZipArchiveMode.Create, leaveOpen: true))
                    await StreamingReads.RunAsync(db, async ct =>
                    {
                        var done = 0;
                        foreach (var file in Files)
                        {
                            var stream = zip.CreateEntry(file, CompressionLevel.Optimal).Open();
                            await using (var entry = new StreamWriter(stream, new UTF8Encoding(true)))
                                await WriteAsync(file, districtId, entry, ct);
                            done++;
                            var renewed = clock.GetUtcNow().UtcDateTime + Claim;
                            if (await Held(message).ExecuteUpdateAsync(s => s.SetProperty(e => e.ProgressDone, done)
                                    .SetProperty(e => e.ClaimedUntil, renewed), ct) == 0)
                                throw new ExportTakenOverException();
                        }
                    }, token);
                return await db.InTransactionAsync(ct => FinishAsync(message, districtId, zipBytes.ToArray(), ct), verifySucceeded: null,
                    token);
            }
            catch (ExportTakenOverException)
            {
                logger.LogWarning("Export {ExportId} was taken over by another instance; this build is dropped", message.ExportId);
                return false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Export {ExportId} of district {DistrictId} failed", message.ExportId, districtId);
                db.ChangeTracker.Clear();
                await Held(message).ExecuteUpdateAsync(s => s
                    .SetProperty(e => e.Status, DistrictExportStatus.Failed)
                    .SetProperty(e => e.Message, FailedMessage), token);
                return false;
            }
        }

        /// <summary>The zip is kept only while this build still holds the export (one whose claim lapsed was taken over).</summary>
        private async Task<bool> FinishAsync(Command message, int districtId, byte[] content, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var finished = await Held(message).ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, DistrictExportStatus.Ready)
                .SetProperty(e => e.CompletedAt, now).SetProperty(e => e.ExpiresAt, now + options.Value.ExportLifetime)
                .SetProperty(e => e.SizeBytes, content.LongLength)
                .SetProperty(e => e.Sha256, Convert.ToHexStringLower(SHA256.HashData(content)))
                .SetProperty(e => e.ProgressDone, Files.Length).SetProperty(e => e.ClaimedUntil, (DateTime?)null), token);
            if (finished == 0) throw new ExportTakenOverException();
            db.DistrictExportFiles.Add(new DistrictExportFile { DistrictExportId = message.ExportId, Content = content });
            logger.LogInformation("Export {ExportId} of district {DistrictId} ready: {Bytes} bytes", message.ExportId, districtId,
                content.LongLength);
            return true;
        }

        private IQueryable<DistrictExport> Held(Command message) => db.DistrictExports.Where(e =>
            e.Id == message.ExportId && e.Status == DistrictExportStatus.Running && e.ClaimedBy == message.Worker);

        private async Task WriteAsync(string file, int districtId, StreamWriter csv, CancellationToken token)
        {
            switch (file)
            {
                case "schools.csv":
                    await Header(csv, "school_id", "source", "external_id", "name", "sis_id", "school_number", "low_grade", "high_grade",
                        "active", "deactivated_at", "created_at", "updated_at");
                    var schools = db.Schools.AsNoTracking().Where(s => s.DistrictId == districtId).OrderBy(s => s.Id);
                    await foreach (var s in Stream(schools, token))
                        await Row(csv, Num(s.Id), s.Source.Describe(), s.ExternalId, s.Name, s.SisId, s.SchoolNumber, s.LowGrade,
                            s.HighGrade, Bool(s.IsActive), Time(s.DeactivatedAt), Time(s.CreatedAt), Time(s.UpdatedAt));
                    break;
                case "people.csv":
                    await Header(csv, "person_id", "source", "external_id", "first_name", "middle_name", "last_name", "email",
                        "username", "sis_id", "state_id", "student_number", "grade", "roles", "active", "deactivated_at",
                        "last_sign_in_at", "created_at", "updated_at");
                    // An explicit projection: the password hash, lockout state and Google subject are never read.
                    var people = db.People.AsNoTracking().Where(p => p.DistrictId == districtId).OrderBy(p => p.Id)
                        .Select(p => new
                        {
                            p.Id, p.Source, p.ExternalId, p.FirstName, p.MiddleName, p.LastName, p.Email, p.Username, p.SisId, p.StateId,
                            p.StudentNumber, p.Grade, p.Roles, p.IsActive, p.DeactivatedAt, p.LastSignInAt, p.CreatedAt, p.UpdatedAt,
                        });
                    await foreach (var p in Stream(people, token))
                        await Row(csv, Num(p.Id), p.Source.PersonOrigin(), p.ExternalId, p.FirstName, p.MiddleName, p.LastName, p.Email,
                            p.Username, p.SisId, p.StateId, p.StudentNumber, p.Grade, p.Roles.Describe(), Bool(p.IsActive),
                            Time(p.DeactivatedAt), Time(p.LastSignInAt), Time(p.CreatedAt), Time(p.UpdatedAt));
                    break;
                case "person_schools.csv":
                    await Header(csv, "person_id", "school_id");
                    var links = db.PersonSchools.AsNoTracking()
                        .Where(l => db.People.Any(p => p.Id == l.PersonId && p.DistrictId == districtId))
                        .OrderBy(l => l.PersonId).ThenBy(l => l.SchoolId);
                    await foreach (var l in Stream(links, token))
                        await Row(csv, Num(l.PersonId), Num(l.SchoolId));
                    break;
                case "sections.csv":
                    await Header(csv, "section_id", "source", "external_id", "school_id", "name", "subject", "grade", "period", "sis_id",
                        "active", "deactivated_at", "created_at", "updated_at");
                    var sections = db.Sections.AsNoTracking().Where(s => s.DistrictId == districtId).OrderBy(s => s.Id);
                    await foreach (var s in Stream(sections, token))
                        await Row(csv, Num(s.Id), s.Source.ClassOrigin(), s.ExternalId, s.SchoolId is { } school ? Num(school) : null,
                            s.Name, s.Subject, s.Grade, s.Period, s.SisId, Bool(s.IsActive), Time(s.DeactivatedAt), Time(s.CreatedAt),
                            Time(s.UpdatedAt));
                    break;
                case "enrollments.csv":
                    await Header(csv, "enrollment_id", "source", "section_id", "person_id", "role", "active", "deactivated_at",
                        "created_at", "updated_at");
                    var enrollments = db.Enrollments.AsNoTracking().Where(e => e.DistrictId == districtId).OrderBy(e => e.Id);
                    await foreach (var e in Stream(enrollments, token))
                        await Row(csv, Num(e.Id), e.Source.ClassOrigin(), Num(e.SectionId), Num(e.PersonId), e.Role.ToString(),
                            Bool(e.IsActive), Time(e.DeactivatedAt), Time(e.CreatedAt), Time(e.UpdatedAt));
                    break;
                case "sync_runs.csv":
                    await Header(csv, "run_id", "trigger", "requested_by", "requested_at", "status", "started_at", "finished_at",
                        "message");
                    var runs = db.SyncRuns.AsNoTracking().Where(r => r.DistrictId == districtId).OrderBy(r => r.Id)
                        .Select(r => new { r.Id, r.Trigger, r.RequestedBy, r.RequestedAt, r.Status, r.StartedAt, r.FinishedAt, r.Message });
                    await foreach (var r in Stream(runs, token))
                        await Row(csv, Num(r.Id), r.Trigger.Describe(), r.RequestedBy, Time(r.RequestedAt), r.Status.Describe(),
                            Time(r.StartedAt), Time(r.FinishedAt), r.Message);
                    break;
                case "sync_issues.csv":
                    await Header(csv, "run_id", "severity", "entity_type", "external_id", "field", "message");
                    var runIssues = db.SyncIssues.AsNoTracking()
                        .Where(i => db.SyncRuns.Any(r => r.Id == i.SyncRunId && r.DistrictId == districtId)).OrderBy(i => i.Id);
                    await foreach (var i in Stream(runIssues, token))
                        await Row(csv, Num(i.SyncRunId), i.Severity.ToString(), i.EntityType?.Describe(), i.ExternalId, i.Field, i.Message);
                    break;
                case "imports.csv":
                    await Header(csv, "import_id", "uploaded_by", "uploaded_at", "file_name", "size_bytes", "sha256", "row_count", "status",
                        "applied_at", "created", "updated", "archived", "reactivated", "unchanged", "message");
                    var imports = db.CsvImports.AsNoTracking().Where(i => i.DistrictId == districtId).OrderBy(i => i.Id)
                        .Select(i => new
                        {
                            i.Id, i.UploadedBy, i.UploadedAt, i.FileName, i.SizeBytes, i.Sha256, i.RowCount, i.Status, i.AppliedAt,
                            i.Created, i.Updated, i.Archived, i.Reactivated, i.Unchanged, i.Message,
                        });
                    await foreach (var i in Stream(imports, token))
                        await Row(csv, Num(i.Id), i.UploadedBy, Time(i.UploadedAt), i.FileName, Num(i.SizeBytes), i.Sha256, Num(i.RowCount),
                            i.Status.Describe(), Time(i.AppliedAt), Num(i.Created), Num(i.Updated), Num(i.Archived), Num(i.Reactivated),
                            Num(i.Unchanged), i.Message);
                    break;
                case "import_issues.csv":
                    await Header(csv, "import_id", "severity", "row_number", "column", "message");
                    var importIssues = db.CsvImportIssues.AsNoTracking()
                        .Where(i => db.CsvImports.Any(c => c.Id == i.CsvImportId && c.DistrictId == districtId)).OrderBy(i => i.Id);
                    await foreach (var i in Stream(importIssues, token))
                        await Row(csv, Num(i.CsvImportId), i.Severity.ToString(), i.RowNumber is { } row ? Num(row) : null, i.Column,
                            i.Message);
                    break;
            }
        }

        /// <summary>Row by row from the database, never the whole table in memory (inside <see cref="StreamingReads"/>).</summary>
        private static ConfiguredCancelableAsyncEnumerable<T> Stream<T>(IQueryable<T> rows, CancellationToken token) =>
            rows.AsAsyncEnumerable().WithCancellation(token);

        private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
        private static string Bool(bool value) => value ? "true" : "false";
        private static string? Time(DateTime? value) => value?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

        private static Task Header(StreamWriter csv, params string[] names) => Row(csv, names);

        private static async Task Row(StreamWriter csv, params string?[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                if (i > 0) await csv.WriteAsync(',');
                await csv.WriteAsync(SpreadsheetCsv.Cell(cells[i]));
            }
            await csv.WriteAsync("\r\n");
        }
    }
}
