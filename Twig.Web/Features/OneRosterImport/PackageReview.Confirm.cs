using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.OneRosterImport;

public sealed partial class PackageReview
{
    /// <summary>Owns its transaction: the package is planned before it, the claim and the apply inside it.</summary>
    public sealed record ConfirmCommand(int DistrictId, int ImportId, int? ConfirmDeactivations)
        : ICommand<ConfirmResult?>, IOwnsTransaction;

    public sealed record ConfirmResult(bool Applied, bool NeedsConfirmation, string Message);

    /// <summary>
    /// Claims the preview, applies the kept package through <see cref="ImportOneRoster"/> and folds that attempt's history row
    /// into the upload's (one upload is one line), all in one transaction. The package is read and planned before it opens
    /// (<see cref="OneRosterPreparer.PrepareAheadAsync"/>), so the import inside only checks the district is unchanged and writes.
    /// </summary>
    public sealed class ConfirmCommandHandler(TwigDb db, IMediator mediator, TimeProvider clock, PackageFileProtector files,
        OneRosterPreparer preparer) : ICommandHandler<ConfirmCommand, ConfirmResult?>
    {
        private const string NotWaiting = "This upload is no longer waiting for confirmation.";

        public async ValueTask<ConfirmResult?> Handle(ConfirmCommand message, CancellationToken token)
        {
            var import = await Packages(db, message.DistrictId, message.ImportId).SingleOrDefaultAsync(token);
            if (import is null) return null;
            if (import.Status != CsvImportStatus.Previewed) return new ConfirmResult(false, false, NotWaiting);
            var stored = await db.CsvImportFiles.Where(f => f.CsvImportId == import.Id).Select(f => f.Content).SingleOrDefaultAsync(token);
            var now = clock.GetUtcNow().UtcDateTime;
            if (import.ExpiresAt < now || stored is null)
                return await db.InTransactionAsync(async ct =>
                {
                    await Finish(import.Id, CsvImportStatus.Expired, ExpiredMessage, null, ct);
                    return new ConfirmResult(false, false, ExpiredMessage);
                }, verifySucceeded: null, token);

            var content = files.Unprotect(stored);
            await preparer.PrepareAheadAsync(db, message.DistrictId, content, import.OneRosterPasswords, token);
            return await db.InTransactionAsync(ct => ApplyAsync(message, import, content, now, ct), verifySucceeded: null, token);
        }

        private async Task<ConfirmResult> ApplyAsync(ConfirmCommand message, CsvImport import, byte[] content, DateTime now,
            CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, message.DistrictId, token);
            // The claim: a second confirmation (a double click, another tab) finds the upload taken and applies nothing.
            var claimed = await db.CsvImports.Where(i => i.Id == import.Id && i.Status == CsvImportStatus.Previewed)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Applied), token);
            if (claimed == 0) return new ConfirmResult(false, false, NotWaiting);

            var apply = new ImportOneRoster.Command(message.DistrictId, import.FileName, content, DryRun: false, import.OneRosterPasswords,
                message.ConfirmDeactivations);
            var result = await mediator.Send(apply, token);
            if (result.Outcome == ImportOneRoster.Outcome.NeedsConfirmation)
            {
                // Still waiting: the upload stays pending and the attempt leaves no line of its own.
                await KeyedBatches.DeleteAsync(db.CsvImportIssues.Where(i => i.CsvImportId == result.ImportId), i => i.Id, token);
                await db.CsvImports.Where(i => i.Id == result.ImportId).ExecuteDeleteAsync(token);
                await db.CsvImports.Where(i => i.Id == import.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, CsvImportStatus.Previewed), token);
                return new ConfirmResult(false, true, result.Message);
            }

            // Applied, or refused now (the licence, the district changed, its source changed): the upload takes the outcome and its issues.
            // A package can carry an issue per row: moved and removed in batches, so the apply's transaction never holds a lock
            // on the whole issues table (every district's uploads) on SQL Server.
            await KeyedBatches.DeleteAsync(db.CsvImportIssues.Where(i => i.CsvImportId == import.Id), i => i.Id, token);
            await KeyedBatches.UpdateAsync(db.CsvImportIssues.Where(i => i.CsvImportId == result.ImportId), i => i.Id,
                s => s.SetProperty(i => i.CsvImportId, import.Id), token);
            await db.CsvImports.Where(i => i.Id == result.ImportId).ExecuteDeleteAsync(token);
            var status = result.Outcome switch
            {
                ImportOneRoster.Outcome.Applied => CsvImportStatus.Applied,
                ImportOneRoster.Outcome.BlockedByLicence => CsvImportStatus.BlockedByLicense,
                _ => CsvImportStatus.Failed,
            };
            var message2 = status == CsvImportStatus.Failed ? $"Not applied when confirming: {result.Message}" : result.Message;
            await Finish(import.Id, status, message2, result.Preview, token, status == CsvImportStatus.Applied ? now : null);
            return new ConfirmResult(status == CsvImportStatus.Applied, false, message2);
        }

        private async Task Finish(int importId, CsvImportStatus status, string text, ImportOneRoster.Preview? preview,
            CancellationToken token, DateTime? appliedAt = null)
        {
            var import = await db.CsvImports.SingleAsync(i => i.Id == importId, token);
            import.Status = status;
            import.Message = ColumnLimits.Clip(text, ColumnLimits.Of<CsvImport>(nameof(CsvImport.Message)));
            import.AppliedAt = appliedAt;
            import.ExpiresAt = null;
            if (preview is not null) Record(import, preview);
            await db.CsvImportFiles.Where(f => f.CsvImportId == importId).ExecuteDeleteAsync(token);
            await db.SaveChangesAsync(token);
        }
    }
}
