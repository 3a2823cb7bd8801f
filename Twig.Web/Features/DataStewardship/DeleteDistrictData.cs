using System.Globalization;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Domain.Events;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// Carries out a due deletion: first, in one transaction, the district is marked deleted (so it is never synced or
/// signed into again) and its Clever token dropped; then every person, section, enrollment, school, sync run, import,
/// notification and export of the district goes in keyed batches; last, in one transaction, the owner account is
/// closed and the certificate written, audited and e-mailed. A run stopped half-way is picked up again by the next.
/// </summary>
public static class DeleteDistrictData
{
    public sealed record Command(int DeletionId) : ICommand<Result>, IOwnsTransaction;

    /// <param name="Refusal">Why nothing was deleted this time (a sync is running, it was cancelled, it is not due).</param>
    /// <param name="LargestStatement">The most rows one delete statement touched (never more than the batch size).</param>
    public sealed record Result(bool Completed, string? Refusal, IReadOnlyDictionary<string, int> Counts, int Statements = 0,
        int LargestStatement = 0);

    public sealed class CommandHandler(TwigDb db, IMediator mediator, IOptions<DataStewardshipOptions> options, TimeProvider clock,
        ILogger<CommandHandler> logger)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var begun = await mediator.Send(new Begin(message.DeletionId), token);
            if (begun.Refusal is not null) return new Result(false, begun.Refusal, new Dictionary<string, int>());

            var districtId = begun.DistrictId;
            var batch = Math.Max(1, options.Value.DeleteBatchSize);
            // A deletion resumed after a stop adds to what the first pass recorded.
            var counts = new SortedDictionary<string, int>(CertificateCounts.Parse(begun.CountsJson), StringComparer.Ordinal);
            var statistics = new BatchDelete.Statistics();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            async Task Delete<T, TKey>(IQueryable<T> rows, System.Linq.Expressions.Expression<Func<T, TKey>> key, bool unique = true)
                where T : class where TKey : struct
            {
                var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
                counts[table] = counts.GetValueOrDefault(table) + await BatchDelete.RunAsync(rows, key, batch, token, unique, statistics);
                var json = JsonSerializer.Serialize(counts);
                var renewed = clock.GetUtcNow().UtcDateTime + Claim;
                await db.DistrictDeletions.Where(d => d.Id == message.DeletionId)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.CountsJson, json).SetProperty(d => d.ClaimedUntil, renewed), token);
            }

            // Children before parents, so no delete cascades into more rows than its batch.
            await Delete(db.Enrollments.Where(e => e.DistrictId == districtId || e.Section!.DistrictId == districtId
                                                   || e.Person!.DistrictId == districtId), e => e.Id);
            await Delete(db.PersonSchools.Where(l => db.People.Any(p => p.Id == l.PersonId && p.DistrictId == districtId)
                                                     || db.Schools.Any(s => s.Id == l.SchoolId && s.DistrictId == districtId)),
                l => l.PersonId, unique: false);
            await Delete(db.People.Where(p => p.DistrictId == districtId), p => p.Id);
            await Delete(db.Sections.Where(s => s.DistrictId == districtId), s => s.Id);
            await Delete(db.Schools.Where(s => s.DistrictId == districtId), s => s.Id);
            var runs = db.SyncRuns.Where(r => r.DistrictId == districtId);
            await Delete(db.HeldDeactivations.Where(h => runs.Any(r => r.Id == h.SyncRunId)), h => h.Id);
            await Delete(db.SyncIssues.Where(i => runs.Any(r => r.Id == i.SyncRunId)), i => i.Id);
            await Delete(db.SyncRunCounts.Where(c => runs.Any(r => r.Id == c.SyncRunId)), c => c.Id);
            await Delete(runs, r => r.Id);
            var imports = db.CsvImports.Where(i => i.DistrictId == districtId);
            await Delete(db.CsvImportIssues.Where(i => imports.Any(c => c.Id == i.CsvImportId)), i => i.Id);
            await Delete(db.CsvImportFiles.Where(f => imports.Any(c => c.Id == f.CsvImportId)), f => f.CsvImportId);
            await Delete(imports, i => i.Id);
            await Delete(db.Notifications.Where(n => n.DistrictId == districtId), n => n.Id);
            await Delete(db.LicenceAlerts.Where(a => a.DistrictId == districtId), a => a.DistrictId);
            var exports = db.DistrictExports.Where(e => e.DistrictId == districtId);
            await Delete(db.DistrictExportFiles.Where(f => exports.Any(e => e.Id == f.DistrictExportId)), f => f.DistrictExportId);
            await Delete(exports, e => e.Id);

            // The batches wrote around the change tracker: forget what it holds before the final step reads the row again.
            db.ChangeTracker.Clear();
            await mediator.Send(new Finish(message.DeletionId), token);
            logger.LogInformation(
                "District {DistrictId} data deleted: {Rows} rows in {Tables} tables, {Statements} statements of at most {Largest} rows, "
                + "{Seconds:0.0} s",
                districtId, counts.Values.Sum(), counts.Count, statistics.Statements, statistics.LargestStatement,
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            return new Result(true, null, counts, statistics.Statements, statistics.LargestStatement);
        }
    }

    public sealed record Begin(int DeletionId) : ICommand<BeginResult>;

    public sealed record BeginResult(int DistrictId, string? Refusal, string? CountsJson = null);

    /// <summary>How long a claim on a deletion lasts without renewal: longer than deleting the largest table takes.</summary>
    public static readonly TimeSpan Claim = TimeSpan.FromHours(2);

    public sealed class BeginHandler(TwigDb db, CurrentActor actor, AuditTrail audit, TimeProvider clock)
        : ICommandHandler<Begin, BeginResult>
    {
        public async ValueTask<BeginResult> Handle(Begin message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // The district is held first, so the checks below (no sync applying, no other holder) still hold at the commit.
            var districtId = await db.DistrictDeletions.AsNoTracking().Where(d => d.Id == message.DeletionId).Select(d => d.DistrictId)
                .SingleAsync(token);
            try
            {
                await DistrictLock.TakeAsync(db, districtId, token, DistrictLock.Background);
            }
            catch (DistrictBusyException)
            {
                return new BeginResult(districtId, "The district is held by an import; the deletion starts once it has ended.");
            }
            var deletion = await db.DistrictDeletions.SingleAsync(d => d.Id == message.DeletionId, token);
            if (deletion.Status is DistrictDeletionStatus.Cancelled or DistrictDeletionStatus.Completed)
                return new BeginResult(deletion.DistrictId, $"The deletion is {deletion.Status.ToString().ToLowerInvariant()}.");
            if (deletion.Status == DistrictDeletionStatus.Scheduled && deletion.DueAt > now)
                return new BeginResult(deletion.DistrictId, "The deletion's grace period is not over yet.");
            // A run in flight would write into tables being emptied: wait for it to end (the job tries again within the hour).
            if (await db.SyncRuns.AnyAsync(r => r.DistrictId == deletion.DistrictId && r.Status == SyncRunStatus.Running, token))
                return new BeginResult(deletion.DistrictId, "A sync of the district is running; the deletion starts once it has ended.");
            if (deletion.ClaimedUntil is { } claimedUntil && claimedUntil > now)
                return new BeginResult(deletion.DistrictId, "The deletion is claimed until " +
                    $"{claimedUntil.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC by the run that began it (another " +
                    "instance, or one that stopped half-way); it resumes once the claim lapses.");
            deletion.ClaimedUntil = now + Claim;

            if (deletion.Status == DistrictDeletionStatus.Scheduled)
            {
                deletion.Status = DistrictDeletionStatus.Running;
                deletion.StartedAt = now;
                deletion.CompletedBy = actor.Name;
                // The hash of the last export made for the district goes on the certificate before the export itself goes.
                var export = await db.DistrictExports.AsNoTracking()
                    .Where(e => e.DistrictId == deletion.DistrictId && e.Sha256 != null)
                    .OrderByDescending(e => e.CompletedAt).Select(e => new { e.Sha256, e.CompletedAt }).FirstOrDefaultAsync(token);
                deletion.ExportSha256 = export?.Sha256;
                deletion.ExportCreatedAt = export?.CompletedAt;
                audit.Record("district.deletion-started", deletion.DistrictId, $"Deletion {deletion.Id} started");
            }
            var district = await db.Districts.Include(d => d.CleverConnection).SingleAsync(d => d.Id == deletion.DistrictId, token);
            district.DeletedAt ??= now;
            district.NightlySyncEnabled = false;
            if (district.CleverConnection is { } connection)
            {
                // Twig forgets the district-app token; the district removes the app in Clever on its side.
                connection.ProtectedToken = null;
                connection.State = CleverConnectionState.Disconnected;
                connection.StateReason = "The district's data was deleted at the end of its contract.";
            }
            return new BeginResult(deletion.DistrictId, null, deletion.CountsJson);
        }
    }

    public sealed record Finish(int DeletionId) : ICommand;

    public sealed class FinishHandler(TwigDb db, AuditTrail audit, IPublisher publisher, TimeProvider clock) : ICommandHandler<Finish>
    {
        public async ValueTask<Unit> Handle(Finish message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            // Finished once, certified once: only the call that moves the deletion from Running to Completed goes on.
            var finished = await db.DistrictDeletions.Where(d => d.Id == message.DeletionId && d.Status == DistrictDeletionStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DistrictDeletionStatus.Completed), token);
            if (finished == 0) return Unit.Value;
            var deletion = await db.DistrictDeletions.SingleAsync(d => d.Id == message.DeletionId, token);
            var counts = CertificateCounts.Parse(deletion.CountsJson);
            deletion.ClaimedUntil = null;
            deletion.CompletedAt = now;

            // The owner account is closed: no password, locked for good, every session's stamp changed.
            foreach (var owner in await db.Users.Where(u => u.DistrictId == deletion.DistrictId).ToListAsync(token))
            {
                owner.PasswordHash = null;
                owner.LockoutEnabled = true;
                owner.LockoutEnd = DateTimeOffset.MaxValue;
                owner.SecurityStamp = Guid.NewGuid().ToString("N");
            }
            var total = counts.Values.Sum();
            audit.Record("district.data-deleted", deletion.DistrictId,
                string.Create(CultureInfo.InvariantCulture,
                    $"Deletion {deletion.Id} completed: {total} rows deleted; owner account closed; Clever token dropped"));

            await publisher.Publish(new DistrictDataDeleted
            {
                DeletionId = deletion.Id, DistrictId = deletion.DistrictId, RowsDeleted = counts, CompletedAt = now,
                CompletedBy = deletion.CompletedBy ?? "", RequestedBy = deletion.RequestedBy, RequestedAt = deletion.RequestedAt,
                ExportSha256 = deletion.ExportSha256,
            }, token);
            return Unit.Value;
        }
    }
}

/// <summary>The per-table counts of a certificate, kept as JSON on the deletion row.</summary>
public static class CertificateCounts
{
    public static Dictionary<string, int> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? new Dictionary<string, int>() : JsonSerializer.Deserialize<Dictionary<string, int>>(json) ?? [];
}
