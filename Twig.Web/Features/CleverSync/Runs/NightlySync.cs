using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// Midnight Pacific: queue a run for every connected district with nightly sync on. A district whose
/// subscription has expired, or whose nightly syncs are paused, gets a "skipped" run that says why, instead of silence.
/// Every instance's scheduler fires: each district is decided in a short transaction of its own that holds the district,
/// and a district some instance already decided tonight is left as it is (one nightly run, or one skipped run, a night).
/// </summary>
public static class NightlySync
{
    public sealed record Command : ICommand<Result>, IOwnsTransaction;

    public sealed record Result(int Queued, int Skipped);

    /// <summary>How recent a nightly run must be to be tonight's: instances fire within seconds of each other.</summary>
    private static readonly TimeSpan Tonight = TimeSpan.FromHours(1);

    private enum Decision { Queued, Skipped, None }

    public sealed class CommandHandler(TwigDb db, IMediator mediator, TimeProvider clock, ILogger<CommandHandler> logger)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var districts = await db.CleverConnections.AsNoTracking().Where(CleverConnection.Live)
                .Where(c => c.DistrictId != null && c.District!.NightlySyncEnabled)
                .Select(c => c.DistrictId!.Value).ToListAsync(token);
            int queued = 0, skipped = 0;
            foreach (var districtId in districts)
            {
                Decision decision;
                try
                {
                    decision = await db.InTransactionAsync(ct => DecideAsync(districtId, ct), null, token);
                }
                catch (DistrictBusyException)
                {
                    // A sync or import is being applied: the district has its active run (nightly would find it queued).
                    logger.LogInformation("Nightly sync: district {DistrictId} was busy; it was not queued again", districtId);
                    continue;
                }
                if (decision == Decision.Queued) queued++;
                else if (decision == Decision.Skipped) skipped++;
            }
            return new Result(queued, skipped);
        }

        private async Task<Decision> DecideAsync(int districtId, CancellationToken token)
        {
            await DistrictLock.TakeAsync(db, districtId, token);
            var now = clock.GetUtcNow().UtcDateTime;
            if (await db.SyncRuns.AnyAsync(r => r.DistrictId == districtId && r.Trigger == SyncTrigger.Nightly
                && r.RequestedAt > now - Tonight, token))
                return Decision.None;
            var district = await db.Districts.AsNoTracking().Where(d => d.Id == districtId)
                .Select(d => new { d.NightlyPausedUntil, d.NightlyPauseReason, d.NightlyPausedBy }).SingleAsync(token);
            var subscription = await RosterChangeCheck.CheckAsync(db, clock, districtId, scheduled: true, token);
            // A paused district gets a skipped run that says why, so its log shows the pause night by night.
            var paused = district.NightlyPausedUntil is { } until && DateOnly.FromDateTime(now) < until
                ? $"Skipped: nightly syncs are paused until {DisplayTime.Day(until)} by {district.NightlyPausedBy} " +
                    $"({district.NightlyPauseReason})."
                : null;
            var wrongSource = await RosterSourceRule.RefusalAsync(db, districtId, RosterSource.Clever, token);
            if (paused is not null || wrongSource is not null || !subscription.Allowed)
            {
                db.SyncRuns.Add(new SyncRun
                {
                    DistrictId = districtId, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = now,
                    Status = SyncRunStatus.Skipped, Phase = SyncPhase.Done, FinishedAt = now,
                    Message = paused ?? (wrongSource is null ? subscription.Reason : $"Skipped: {wrongSource}"),
                });
                return Decision.Skipped;
            }
            var result = await mediator.Send(new RequestSync.Command(districtId, SyncTrigger.Nightly), token);
            return result.Queued && !result.AlreadyQueued ? Decision.Queued : Decision.None;
        }
    }

    /// <summary>What Coravel calls at the scheduled minute.</summary>
    public sealed class Invocable(IMediator mediator, ILogger<Invocable> logger) : IInvocable
    {
        public async Task Invoke()
        {
            var result = await mediator.Send(new Command());
            logger.LogInformation("Nightly sync: {Queued} district(s) queued, {Skipped} skipped", result.Queued, result.Skipped);
        }
    }
}
