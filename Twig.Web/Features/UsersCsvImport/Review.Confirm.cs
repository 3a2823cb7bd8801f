using System.Globalization;
using System.Security.Cryptography;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Twig.Web.Data;
using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.UsersCsvImport;

public sealed partial class Review
{
    /// <summary>
    /// Confirms (applies) a pending upload: the whole file in one transaction, after checking the licence and the archive
    /// threshold again against the district as it is at that moment.
    /// </summary>
    /// <param name="LockWait">How long to wait for a sync or import holding the district (SQL Server); a page's 15 s when null.</param>
    public sealed record Command(int DistrictId, int ImportId, int? ConfirmedArchiveCount, int? ConfirmedClassDeactivations = null,
        TimeSpan? LockWait = null)
        : ICommand<ApplyResult?>, IOwnsTransaction;

    public enum ApplyOutcome { Applied, NeedsArchiveConfirmation, BlockedByLicense, NotPending, Failed }

    public sealed record ApplyResult(ApplyOutcome Outcome, string Message, AppliedCounts? Counts = null, ClassCounts? Classes = null);

    public sealed class CommandHandler(TwigDb db, IPasswordHasher<Person> hasher, AuditTrail audit, TimeProvider clock,
        IPublisher publisher, PreviewFileProtector files, KeptRows kept, ILogger<CommandHandler> logger)
        : ICommandHandler<Command, ApplyResult?>
    {
        public const string UnreadableMessage =
            "The kept copy of this upload cannot be read (it was altered, or the key that encrypted it is gone). " +
            "Nothing was changed; upload the file again.";

        private const string NotPendingMessage = "This upload is no longer waiting for confirmation.";

        public async ValueTask<ApplyResult?> Handle(Command message, CancellationToken token)
        {
            var timer = new ImportStepTimer();
            var now = clock.GetUtcNow().UtcDateTime;
            var import = await db.CsvImports.AsNoTracking().SingleOrDefaultAsync(i => i.Id == message.ImportId
                && i.DistrictId == message.DistrictId && i.Source != RosterSource.OneRoster, token);
            if (import is null) return null;
            if (import.Status == CsvImportStatus.Previewed && import.ExpiresAt < now)
            {
                // Sweeping twice is harmless: nothing to verify.
                await db.InTransactionAsync(async ct => { await ImportMaintenance.SweepAsync(db, now, ct); return true; },
                    verifySucceeded: null, token);
                return new ApplyResult(ApplyOutcome.NotPending, ImportMaintenance.ExpiredMessage);
            }
            if (import.Status != CsvImportStatus.Previewed) return new ApplyResult(ApplyOutcome.NotPending, NotPendingMessage);
            StoredImport.Files? stored;
            try
            {
                stored = await StoredImport.ReadAsync(db, files, kept, import.Id, import.ClassesOnly, token);
            }
            catch (CryptographicException)
            {
                return new ApplyResult(ApplyOutcome.Failed, UnreadableMessage);
            }
            if (stored is null) return new ApplyResult(ApplyOutcome.NotPending, ImportMaintenance.ExpiredMessage);
            timer.Mark("read");
            // Rows with passwords: plan once outside the transaction to hash them there (slow by design); the plan that is
            // written is made inside it. Without passwords there is nothing to prepare, so the district is planned once.
            var passwords = new Dictionary<string, PreparedPassword>(StringComparer.Ordinal);
            if (stored.Users is { } users && users.People.Any(p => p.Password is not null))
            {
                var draft = await UploadPlans.BuildAsync(db, message.DistrictId, users, stored.Classes, token);
                if (draft is null) return new ApplyResult(ApplyOutcome.NotPending, ImportMaintenance.ExpiredMessage);
                if (ConfirmRefusal.Of(draft, message) is { } early) return early;
                passwords = ImportWriter.PreparePasswords(draft.People!, hasher, token);
            }

            timer.Mark("passwords");
            var result = await db.InTransactionAsync(
                ct => ApplyAsync(message, stored, passwords, now, timer, ct),
                async ct => await AppliedAsync(message, now, ct) is { } committed
                    ? TwigDbTransactions.Committed<ApplyResult?>(committed)
                    : TwigDbTransactions.NotCommitted<ApplyResult?>(),
                token);
            timer.Mark("commit");
            if (result?.Outcome == ApplyOutcome.Applied && stored.Users is { } applied) kept.Forget(applied);
            logger.LogInformation("users.csv confirmation {ImportId} of district {DistrictId}: {Outcome} in {Milliseconds} ms ({Steps})",
                message.ImportId, message.DistrictId, result?.Outcome, timer.TotalMilliseconds, timer.Steps);
            return result;
        }

        /// <summary>One attempt: the import and the district are read again, so a retry plans against what is committed.</summary>
        private async Task<ApplyResult?> ApplyAsync(Command message, StoredImport.Files stored,
            Dictionary<string, PreparedPassword> passwords, DateTime now, ImportStepTimer timer, CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token, message.LockWait);
            var import = await db.CsvImports.SingleAsync(i => i.Id == message.ImportId, token);
            if (import.Status != CsvImportStatus.Previewed) return new ApplyResult(ApplyOutcome.NotPending, NotPendingMessage);
            var plans = (await UploadPlans.BuildAsync(db, message.DistrictId, stored.Users, stored.Classes, token, timer))!;
            if (ConfirmRefusal.Of(plans, message) is { } refused) return refused;
            if (await RosterSourceRule.RefusalAsync(db, message.DistrictId, RosterSource.Csv, token) is { } wrongSource)
                return new ApplyResult(ApplyOutcome.Failed, wrongSource);

            var licence = await PlanCheck.CheckAsync(db, clock, message.DistrictId, plans.ActiveStudentsAfter, token);
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
            if (claimed == 0) return new ApplyResult(ApplyOutcome.NotPending, NotPendingMessage);

            timer.Mark("checks");
            var (people, classes) = await plans.WriteAsync(db, passwords, hasher, now, token);
            timer.Mark("write");
            // A switch to CSV completes here.
            await RosterSourceRule.CompleteAsync(db, audit, message.DistrictId, RosterSource.Csv, now, token);
            var counts = people ?? new AppliedCounts(0, 0, 0, 0, 0);
            import.Status = CsvImportStatus.Applied;
            import.AppliedAt = now;
            import.ExpiresAt = null;
            (import.Created, import.Updated, import.Reactivated, import.Archived, import.Unchanged) =
                (counts.Created, counts.Updated, counts.Reactivated, counts.Archived, counts.Unchanged);
            if (classes is not null) import.Record(classes);
            import.Message = string.Join(" ", new[]
            {
                people is null ? null : AppliedMessage(counts), classes is null ? null : CsvImportCounts.Describe(classes),
            }.OfType<string>());
            if (people is null) import.Message = $"{ImportWords.AppliedLead}. {import.Message}";
            await db.CsvImportFiles.Where(f => f.CsvImportId == import.Id).ExecuteDeleteAsync(token);
            audit.Record("csv.applied", message.DistrictId,
                $"Import {import.Id} ('{import.FileName}', SHA-256 {import.Sha256}): {import.Message}");
            await publisher.Publish(new Domain.Events.ImportApplied(message.DistrictId, import.Id), token);
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

        private static string AppliedMessage(AppliedCounts counts) => string.Create(CultureInfo.InvariantCulture,
            $"{ImportWords.AppliedLead}: {counts.Created:N0} created, {counts.Updated:N0} updated, {counts.Reactivated:N0} reactivated, " +
            $"{counts.Archived:N0} archived, {counts.Unchanged:N0} unchanged") + PasswordsText(counts.PasswordsChanged) + ".";

        /// <summary>Passwords changed are their own count: the preview cannot know them, so they move nobody into "updated".</summary>
        private static string PasswordsText(int changed) =>
            changed == 0 ? "" : $"; {Counted.Of(changed, "password")} changed";
    }
}
