using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// Daily: keeps each kind of record only as long as <see cref="DataStewardshipOptions"/> says. Sync warnings and
/// held-deactivation lists, import issue rows, notifications and audit events past their age are deleted in batches;
/// people deactivated for longer than the limit lose their personal fields but keep their row and external id, so a
/// returning person is reactivated rather than created twice. Every run is logged with its counts.
/// </summary>
public static class RetentionJob
{
    public sealed record Command : ICommand<Result>, IOwnsTransaction;

    public sealed record Result(int SyncIssues, int HeldDeactivations, int ImportIssues, int Notifications, int AuditEvents,
        int PeopleScrubbed);

    public sealed class CommandHandler(TwigDb db, TimeProvider clock, IOptions<DataStewardshipOptions> options,
        ILogger<CommandHandler> logger) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var settings = options.Value;
            var now = clock.GetUtcNow().UtcDateTime;
            var batch = Math.Max(1, settings.DeleteBatchSize);
            DateTime Before(int days) => now.AddDays(-days);

            var warningsCutoff = Before(settings.SyncWarningsDays);
            var oldRuns = db.SyncRuns.Where(r => r.RequestedAt < warningsCutoff);
            var syncIssues = await BatchDelete.RunAsync(
                db.SyncIssues.Where(i => oldRuns.Any(r => r.Id == i.SyncRunId)), i => i.Id, batch, token);
            var held = await BatchDelete.RunAsync(
                db.HeldDeactivations.Where(h => oldRuns.Any(r => r.Id == h.SyncRunId)), h => h.Id, batch, token);

            var importCutoff = Before(settings.ImportIssuesDays);
            var importIssues = await BatchDelete.RunAsync(
                db.CsvImportIssues.Where(i => db.CsvImports.Any(c => c.Id == i.CsvImportId && c.UploadedAt < importCutoff)),
                i => i.Id, batch, token);

            var notificationCutoff = Before(settings.NotificationsDays);
            var notifications = await BatchDelete.RunAsync(
                db.Notifications.Where(n => n.CreatedAt < notificationCutoff), n => n.Id, batch, token);

            var auditCutoff = Before(settings.AuditEventsDays);
            var audit = await BatchDelete.RunAsync(db.AuditEvents.Where(a => a.At < auditCutoff), a => a.Id, batch, token);

            var scrubbed = await ScrubDeactivatedPeopleAsync(Before(settings.DeactivatedPeopleDays), batch, now, token);

            var result = new Result(syncIssues, held, importIssues, notifications, audit, scrubbed);
            logger.LogInformation(
                "Retention run: {SyncIssues} sync warnings, {Held} held-deactivation entries, {ImportIssues} import issues, "
                + "{Notifications} notifications, {AuditEvents} audit events deleted; "
                + "{People} deactivated people's personal fields removed",
                syncIssues, held, importIssues, notifications, audit, scrubbed);
            return result;
        }

        private async Task<int> ScrubDeactivatedPeopleAsync(DateTime cutoff, int batch, DateTime now, CancellationToken token)
        {
            var due = db.People.Where(p => !p.IsActive && p.DeactivatedAt < cutoff
                                           && (p.FirstName != "" || p.LastName != "" || p.MiddleName != null || p.Email != null
                                               || p.Username != null || p.SisId != null || p.StateId != null || p.StudentNumber != null
                                               || p.PasswordHash != null || p.GoogleSubject != null));
            var total = 0;
            while (true)
            {
                var ids = await due.OrderBy(p => p.Id).Select(p => p.Id).Take(batch).ToListAsync(token);
                if (ids.Count == 0) return total;
                var (first, last) = (ids[0], ids[^1]);
                total += await due.Where(p => p.Id >= first && p.Id <= last).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.FirstName, "").SetProperty(p => p.MiddleName, (string?)null).SetProperty(p => p.LastName, "")
                    .SetProperty(p => p.Email, (string?)null).SetProperty(p => p.NormalizedEmail, (string?)null)
                    .SetProperty(p => p.Username, (string?)null).SetProperty(p => p.NormalizedUsername, (string?)null)
                    .SetProperty(p => p.SisId, (string?)null).SetProperty(p => p.StateId, (string?)null)
                    .SetProperty(p => p.StudentNumber, (string?)null)
                    .SetProperty(p => p.PasswordHash, (string?)null).SetProperty(p => p.GoogleSubject, (string?)null)
                    .SetProperty(p => p.UpdatedAt, now), token);
            }
        }
    }

    public sealed class Invocable(IMediator mediator, CurrentActor actor) : IInvocable
    {
        public async Task Invoke()
        {
            actor.ActAs("retention schedule");
            await mediator.Send(new Command());
        }
    }
}
