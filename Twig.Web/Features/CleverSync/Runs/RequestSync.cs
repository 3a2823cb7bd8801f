using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// Queues a sync of one district. A district has at most one queued or running run: asking again returns
/// that one. An owner's "Sync now" may start at most one run per district every five minutes.
/// </summary>
public static class RequestSync
{
    public sealed record Command(int DistrictId, SyncTrigger Trigger, int? ApprovedHeldRunId = null) : ICommand<Result>, IOwnsTransaction;

    /// <summary>The run that will do the work, or why none was queued.</summary>
    /// <param name="Note">Something the person should know about a queued run (e.g. nightly syncs are paused).</param>
    public sealed record Result(int? RunId, bool AlreadyQueued, string? Refusal, string? Note = null)
    {
        public bool Queued => RunId is not null && Refusal is null;
    }

    /// <summary>
    /// Why "Sync now" is refused within the cooldown, and when it is possible again, or null when it is not (pages and the
    /// command line say the same). The cooldown spares Clever from repeats of a run that worked; after a failed or
    /// interrupted run the owner may retry at once.
    /// </summary>
    public static async Task<SyncNow.Unavailable?> CooldownAsync(TwigDb db, int districtId, DateTime now, TimeSpan cooldown,
        CancellationToken token)
    {
        var last = await db.SyncRuns.Where(r => r.DistrictId == districtId && r.Trigger == SyncTrigger.OnDemand
                                                && r.Status != SyncRunStatus.Failed && r.Status != SyncRunStatus.Interrupted)
            .OrderByDescending(r => r.RequestedAt).Select(r => new { r.Id, r.RequestedAt, r.Status }).FirstOrDefaultAsync(token);
        if (last is null || now - last.RequestedAt >= cooldown) return null;
        // The time reads in the district's zone, as every other time the owner sees.
        var zone = DisplayTime.ZoneOrDefault(await db.Districts.Where(d => d.Id == districtId).Select(d => d.TimeZoneId)
            .SingleOrDefaultAsync(token));
        // A held run waits for a decision: it has not "finished" in the owner's eyes.
        var state = last.Status == SyncRunStatus.HeldForReview ? "is held for your review" : "has finished";
        var availableAt = DateTime.SpecifyKind(last.RequestedAt + cooldown, DateTimeKind.Utc);
        return new SyncNow.Unavailable($"Run #{last.Id} was started {DisplayTime.Ago(now - last.RequestedAt)} and {state}; you can sync " +
            $"again {DisplayTime.In(availableAt - now)} (at {DisplayTime.Format(availableAt, zone, TimePart.Time)}).", availableAt);
    }

    public sealed class CommandHandler(TwigDb db, CurrentActor actor, AuditTrail audit, SyncSignal signal,
        TimeProvider clock, IOptions<SyncSettings> settings) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var result = await db.InTransactionAsync(ct => QueueAsync(message, now, ct), ct => QueuedAsync(message, now, ct), token);
            if (result.Queued) signal.Wake();
            return result;
        }

        /// <summary>One attempt: everything it decides on is read inside it.</summary>
        private async Task<Result> QueueAsync(Command message, DateTime now, CancellationToken token)
        {
            var district = await db.Districts.Include(d => d.CleverConnection).SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            if (district is null) return new Result(null, false, "There is no such district.");
            if (await PreconditionRefusalAsync(db, district, token) is { } refusal) return new Result(null, false, refusal);
            var active = await ActiveRunAsync(message.DistrictId, token);
            if (active is not null)
            {
                // "Sync now" does not wait for a pending retry: it starts it.
                if (message.Trigger == SyncTrigger.OnDemand && active.NotBefore > now) active.NotBefore = null;
                return new Result(active.Id, true, null);
            }

            if (message.Trigger == SyncTrigger.OnDemand)
            {
                var subscription = await RosterChangeCheck.CheckAsync(db, clock, message.DistrictId, scheduled: false, token);
                if (!subscription.Allowed) return new Result(null, false, subscription.Reason);
                // Nothing is queued or running (that was answered above), so the last run has finished: refuse, never coalesce with it.
                if (message.ApprovedHeldRunId is null
                    && await CooldownAsync(db, message.DistrictId, now, settings.Value.OnDemandCooldown, token) is { } cooldown)
                    return new Result(null, false, cooldown.Reason);
            }

            var run = new SyncRun
            {
                DistrictId = message.DistrictId,
                Trigger = message.Trigger,
                RequestedBy = message.Trigger switch
                {
                    SyncTrigger.Nightly => "nightly schedule",
                    SyncTrigger.Initial when actor.UserId is null => "connection approval",
                    _ => actor.Name,
                },
                RequestedAt = now,
                ApprovedHeldRunId = message.ApprovedHeldRunId,
            };
            db.SyncRuns.Add(run);
            try
            {
                await db.SaveChangesAsync(token);
            }
            catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
            {
                // Another request queued one in the same instant (the one-active-run index refused ours): that run is the answer.
                db.Entry(run).State = EntityState.Detached;
                var winner = await ActiveRunAsync(message.DistrictId, token);
                if (winner is null) throw;
                return new Result(winner.Id, true, null);
            }
            if (message.Trigger == SyncTrigger.OnDemand) audit.Record("sync.requested", message.DistrictId, $"On-demand sync, run queued");
            var today = DateOnly.FromDateTime(now);
            return new Result(run.Id, false, null, message.Trigger == SyncTrigger.OnDemand && district.NightlyPausedOn(today)
                ? PausedNote(district) : null);
        }

        private static string PausedNote(District district) =>
            $"Nightly syncs are paused until {DisplayTime.Day(district.NightlyPausedUntil!.Value)} ({district.NightlyPauseReason}); " +
            "this sync runs anyway.";

        /// <summary>After a lost commit acknowledgement: our run is the district's active run requested at this instant.</summary>
        private async Task<ExecutionResult<Result>> QueuedAsync(Command message, DateTime now, CancellationToken token)
        {
            var active = await ActiveRunAsync(message.DistrictId, token);
            return active is not null && active.RequestedAt == now && active.Trigger == message.Trigger
                ? TwigDbTransactions.Committed(new Result(active.Id, false, null))
                : TwigDbTransactions.NotCommitted<Result>();
        }

        private Task<SyncRun?> ActiveRunAsync(int districtId, CancellationToken token) =>
            db.SyncRuns.Where(r => r.DistrictId == districtId).Where(SyncRun.Active)
                .OrderBy(r => r.Id).FirstOrDefaultAsync(token);
    }

    /// <summary>
    /// Why no run of any kind can be queued for the district (deleted, not connected, rostered from another source), or null.
    /// The command checks these first; "Sync now"'s availability asks them before the button is drawn.
    /// </summary>
    public static async Task<string?> PreconditionRefusalAsync(TwigDb db, District district, CancellationToken token)
    {
        if (district.DeletedAt is not null) return "The district's data was deleted at the end of its contract; it is never synced again.";
        if (district.ConnectionState.SyncRefusal() is { } notConnected) return notConnected;
        return await RosterSourceRule.RefusalAsync(db, district.Id, RosterSource.Clever, token);
    }
}
