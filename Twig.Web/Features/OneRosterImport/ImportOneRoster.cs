using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// One OneRoster package for a district: read and check it whole, plan it against the district's OneRoster records,
/// and — unless it is a dry run, has errors, breaks the licence or needs its deactivations confirmed — apply it in one
/// transaction. Reading and planning happen before that transaction; inside it the district is read again and the plan is
/// used only if the district is exactly as it was planned against (otherwise it is planned again, inside). Every attempt
/// is recorded in the import history with its counts and issues.
/// </summary>
public static partial class ImportOneRoster
{
    /// <param name="ConfirmDeactivations">The admin's confirmation of a package above the threshold: applied only when it equals
    /// the plan's <see cref="ThresholdReview.Total"/>.</param>
    /// <param name="LockWait">How long to wait for a sync or import holding the district (SQL Server); a page's 15 s when null.</param>
    public sealed record Command(
        int DistrictId, string FileName, byte[] Content, bool DryRun, bool AllowPasswords = false, int? ConfirmDeactivations = null,
        TimeSpan? LockWait = null)
        : ICommand<Result>, IOwnsTransaction;

    public enum Outcome
    {
        Invalid,
        WrongSource,
        BlockedByLicence,
        NeedsConfirmation,
        Previewed,
        Applied,
    }

    public sealed record Result(
        int ImportId, Outcome Outcome, string Message, Preview? Preview, IReadOnlyList<PackageIssue> Issues, int RowCount);

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, CurrentActor actor, TimeProvider clock, IPasswordHasher<Person> hasher,
        OneRosterPreparer preparer, OneRosterPreviews previews, IPublisher publisher) : ICommandHandler<Command, Result>
    {
        private sealed record Decision(Outcome Outcome, CsvImportStatus Status, string Message);

        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            // Reading and planning a 100,000-student package takes seconds: they run before the write transaction, so the
            // write lock is held only while the district is read again (to prove nothing changed) and the rows are written.
            var sha = OneRosterPreparer.Sha256Of(message.Content);
            var refusal = await RosterSourceRule.RefusalAsync(db, message.DistrictId, RosterSource.OneRoster, token);
            if (refusal is not null)
                return await InTransactionAsync(message, ct => RefusedAsync(message, sha, refusal, ct), token);

            var key = new OneRosterPreviews.Key(message.DistrictId, sha, message.AllowPasswords);
            var state = await OneRosterState.LoadAsync(db, message.DistrictId, clock, token);
            // A confirm right after its preview applies the plan the preview showed, as long as the district is exactly as it was then.
            var prepared = preparer.PrepareOrReuse(key, message.Content, state);
            if (await DecideAsync(prepared, message, token) is { } decision)
            {
                if (decision.Outcome == Outcome.Previewed) previews.Keep(key, prepared);
                return await InTransactionAsync(message, ct => FinishAsync(NewRecord(message, sha), decision, prepared, ct), token);
            }
            var passwords = HashPasswords(prepared, message);

            return await InTransactionAsync(message, async ct =>
            {
                var record = NewRecord(message, sha);
                var refused = await RosterSourceRule.RefusalAsync(db, message.DistrictId, RosterSource.OneRoster, ct);
                if (refused is not null) return await RefusedAsync(message, sha, refused, ct);
                // Inside the transaction nobody else writes the district (its lock): the plan made outside holds only if the
                // district reads the same now.
                var current = await OneRosterState.LoadAsync(db, message.DistrictId, clock, ct);
                var plan = current.SameAs(prepared.State) ? prepared : preparer.Prepare(message.Content, message.AllowPasswords, current);
                // Decided again under the lock: the licence (a subscription may have ended meanwhile) and the plan hold as rows are
                // written.
                if (await DecideAsync(plan, message, ct) is { } changed) return await FinishAsync(record, changed, plan, ct);
                var hashes = ReferenceEquals(plan, prepared) ? passwords : HashPasswords(plan, message);
                return await ApplyAsync(record, plan, hashes, message, ct);
            }, token);
        }

        /// <summary>
        /// Every attempt holds the district first (waiting <see cref="Command.LockWait"/>): what it checks (source, licence, the
        /// planned state) holds as it writes.
        /// </summary>
        private Task<Result> InTransactionAsync(Command message, Func<CancellationToken, Task<Result>> attempt, CancellationToken token) =>
            db.InTransactionAsync(async ct =>
            {
                await DistrictLock.TakeAsync(db, message.DistrictId, ct, message.LockWait);
                return await attempt(ct);
            }, verifySucceeded: null, token);

        private CsvImport NewRecord(Command message, string sha) => new()
        {
            DistrictId = message.DistrictId,
            UploadedBy = ColumnLimits.Clip(actor.Name, ColumnLimits.Of<CsvImport>(nameof(CsvImport.UploadedBy))),
            UploadedAt = clock.GetUtcNow().UtcDateTime,
            FileName = ColumnLimits.Clip(message.FileName, ColumnLimits.Of<CsvImport>(nameof(CsvImport.FileName))),
            SizeBytes = message.Content.LongLength,
            Sha256 = sha,
            Source = RosterSource.OneRoster,
        };

        private Task<Result> RefusedAsync(Command message, string sha, string refusal, CancellationToken token) =>
            FinishAsync(NewRecord(message, sha), new Decision(Outcome.WrongSource, CsvImportStatus.Invalid, refusal), null,
                [new PackageIssue(IssueSeverity.Error, null, null, null, refusal)], 0, token);

        /// <summary>Why the package is not applied (errors, licence, dry run, deactivations to confirm), or null to apply it.</summary>
        private async Task<Decision?> DecideAsync(PreparedPackage prepared, Command message, CancellationToken token)
        {
            // The page heads it "This package was not imported."; the command line prints it alone.
            const string invalid = "The package has errors: correct them and upload the package again.";
            if (prepared.Plan is not { } plan) return new Decision(Outcome.Invalid, CsvImportStatus.Invalid, invalid);
            if (plan.Errors.Count > 0) return new Decision(Outcome.Invalid, CsvImportStatus.Invalid, invalid);
            // The one licence rule every roster source asks: an ended subscription takes no package, and a district already over
            // its seats may still apply one that does not raise usage.
            var licence = await PlanCheck.CheckAsync(db, clock, message.DistrictId, plan.ActiveStudentsAfter, token);
            if (!licence.Allowed)
                return new Decision(Outcome.BlockedByLicence, CsvImportStatus.BlockedByLicense,
                    $"{ImportWords.BlockedLead} {licence.Refusal} Nothing was imported.");
            if (message.DryRun) return new Decision(Outcome.Previewed, CsvImportStatus.Cancelled, "Dry run: nothing was changed.");
            if (plan.NeedsConfirmation && message.ConfirmDeactivations != plan.ToConfirm.Total)
                return new Decision(Outcome.NeedsConfirmation, CsvImportStatus.Cancelled, plan.ConfirmationNeeded());
            return null;
        }

        /// <summary>
        /// Passwords from the package (only when the upload allows them), hashed before the transaction: hashing is slow by design.
        /// </summary>
        private Dictionary<string, string> HashPasswords(PreparedPackage prepared, Command message) =>
            message.AllowPasswords && prepared.Plan is { } plan
                ? plan.Creates.Concat(plan.Updates).Where(t => t.Row.Password is not null)
                    .ToDictionary(t => t.Row.SourcedId, t => hasher.HashPassword(new Person(), t.Row.Password!), StringComparer.Ordinal)
                : [];

        private async Task<Result> ApplyAsync(CsvImport record, PreparedPackage prepared, Dictionary<string, string> passwords,
            Command message,
            CancellationToken token)
        {
            var (state, package, plan) = (prepared.State, prepared.Package, prepared.Plan!);
            var now = record.UploadedAt;
            await OneRosterWriter.WriteAsync(db, plan, state, passwords, now, token);
            var retired = await RosterSourceRule.CompleteAsync(db, audit, message.DistrictId, RosterSource.OneRoster, now, token);
            record.Created = plan.Creates.Count;
            record.Updated = plan.Updates.Count - plan.Reactivations;
            record.Reactivated = plan.Reactivations;
            record.Archived = plan.Deactivations.Count;
            record.Unchanged = plan.Unchanged;
            record.ClassRowCount = package.Classes.Count;
            record.ClassesCreated = plan.Classes.Creates.Count;
            record.ClassesUpdated = plan.Classes.Updates.Count;
            record.ClassesDeactivated = plan.Classes.Deactivations.Count;
            record.ClassesUnchanged = plan.Classes.Unchanged;
            record.EnrollmentsAdded = plan.Classes.EnrollmentsAdded;
            record.EnrollmentsRemoved = plan.Classes.EnrollmentsRemoved;
            record.AppliedAt = now;
            audit.Record("oneroster.applied", message.DistrictId,
                $"Package '{record.FileName}' ({(package.IsBulk ? "bulk" : "delta")}, OneRoster {package.Version}): " +
                $"{plan.Creates.Count} created, {record.Updated} updated, " +
                $"{plan.Reactivations} reactivated, {plan.Deactivations.Count} deactivated; {plan.Classes.Creates.Count} classes created" +
                (retired > 0 ? $"; {retired} people of the previous source deactivated" : ""));
            var summary = plan.ChangesNothing ? $"{ImportWords.AppliedLead}: the package changes nothing." : $"{ImportWords.AppliedLead}.";
            var applied = await FinishAsync(record, new Decision(Outcome.Applied, CsvImportStatus.Applied, summary), prepared, token);
            // Listeners (the licence-level notice) write in this transaction: the notice exists exactly when the import does.
            await publisher.Publish(new ImportApplied(message.DistrictId, applied.ImportId), token);
            await db.SaveChangesAsync(token);
            return applied;
        }

        private Task<Result> FinishAsync(CsvImport record, Decision decision, PreparedPackage prepared, CancellationToken token) =>
            FinishAsync(record, decision, prepared.Preview, prepared.Issues, prepared.Package.RowCount, token);

        private async Task<Result> FinishAsync(CsvImport record, Decision decision, Preview? preview,
            IReadOnlyList<PackageIssue> issues, int rows, CancellationToken token)
        {
            var (outcome, message) = (decision.Outcome, decision.Message);
            record.Status = decision.Status;
            record.RowCount = rows;
            record.Message = ColumnLimits.Clip(message, ColumnLimits.Of<CsvImport>(nameof(CsvImport.Message)));
            // Its counts too, so the history and the review page show what an import from the command line did.
            if (preview is not null) PackageReview.Record(record, preview);
            db.CsvImports.Add(record);
            await db.SaveChangesAsync(token);
            // The issue rows name file, row and column; a package with an error on every row stores them all.
            var fileLength = ColumnLimits.Of<CsvImportIssue>(nameof(CsvImportIssue.File));
            var columnLength = ColumnLimits.Of<CsvImportIssue>(nameof(CsvImportIssue.Column));
            var messageLength = ColumnLimits.Of<CsvImportIssue>(nameof(CsvImportIssue.Message));
            await db.GetService<BulkWriter>().Open(db, token).InsertAsync<CsvImportIssue>(
                [
                    nameof(CsvImportIssue.CsvImportId), nameof(CsvImportIssue.Severity), nameof(CsvImportIssue.File),
                        nameof(CsvImportIssue.RowNumber),
                    nameof(CsvImportIssue.Column), nameof(CsvImportIssue.Message),
                ],
                issues.Select(i => new object?[]
                {
                    record.Id, i.Severity, i.File is null ? null : ColumnLimits.Clip(i.File, fileLength), i.Row,
                    i.Column is null ? null : ColumnLimits.Clip(i.Column, columnLength), ColumnLimits.Clip(i.Message, messageLength),
                }).ToList());
            return new Result(record.Id, outcome, message, preview, issues, rows);
        }
    }
}
