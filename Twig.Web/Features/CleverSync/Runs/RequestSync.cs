using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// Queues a sync of one district. A district has at most one queued or running run: asking again returns
/// that one. An owner's "Sync now" may start at most one run per district every five minutes.
/// </summary>
public static class RequestSync
{
    public sealed record Command(int DistrictId, SyncTrigger Trigger, int? ApprovedHeldRunId = null) : ICommand<Result>, IOwnsTransaction;

    /// <summary>The run that will do the work, or why none was queued.</summary>
    public sealed record Result(int? RunId, bool AlreadyQueued, string? Refusal)
    {
        public bool Queued => RunId is not null && Refusal is null;
    }

    public sealed class CommandHandler(TwigDb db, IMediator mediator, CurrentActor actor, AuditTrail audit, SyncSignal signal,
        TimeProvider clock, IOptions<SyncSettings> settings) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var district = await db.Districts.Include(d => d.CleverConnection).SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            if (district is null) return new Result(null, false, "There is no such district.");
            if (district.ConnectionState != DistrictConnectionState.Connected)
                return new Result(null, false, district.ConnectionState switch
                {
                    DistrictConnectionState.PendingApproval => "Twig has not approved the district's Clever connection yet.",
                    DistrictConnectionState.Disconnected => "The district's Clever connection is disconnected; reconnect Twig in Clever first.",
                    _ => "The district is not connected to Twig in Clever.",
                });

            var active = await ActiveRunAsync(message.DistrictId, token);
            if (active is not null)
            {
                if (message.Trigger == SyncTrigger.OnDemand && active.NotBefore > now)
                {
                    // "Sync now" does not wait for a pending retry: it starts it.
                    active.NotBefore = null;
                    await db.SaveChangesAsync(token);
                    signal.Wake();
                }
                return new Result(active.Id, true, null);
            }

            if (message.Trigger == SyncTrigger.OnDemand)
            {
                var subscription = await mediator.Send(new RosterChangeCheck.Query(message.DistrictId, Scheduled: false), token);
                if (!subscription.Allowed) return new Result(null, false, subscription.Reason);
                // The cooldown spares Clever from repeats of a run that worked; after a failure the owner may retry at once.
                var last = await db.SyncRuns.Where(r => r.DistrictId == message.DistrictId && r.Trigger == SyncTrigger.OnDemand
                                                        && r.Status != SyncRunStatus.Failed && r.Status != SyncRunStatus.Interrupted)
                    .OrderByDescending(r => r.RequestedAt).Select(r => new { r.Id, r.RequestedAt }).FirstOrDefaultAsync(token);
                var cooldown = settings.Value.OnDemandCooldown;
                if (last is not null && now - last.RequestedAt < cooldown && message.ApprovedHeldRunId is null)
                    return new Result(last.Id, true, string.Create(CultureInfo.InvariantCulture,
                        $"A sync was started {(int)(now - last.RequestedAt).TotalMinutes} minute(s) ago; you can start another at {(last.RequestedAt + cooldown):HH:mm} UTC."));
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
            if (message.Trigger == SyncTrigger.OnDemand) audit.Record("sync.requested", message.DistrictId, $"On-demand sync, run queued");
            try
            {
                await db.SaveChangesAsync(token);
            }
            catch (DbUpdateException)
            {
                // Another request queued one in the same instant: that run is the answer.
                db.ChangeTracker.Clear();
                var winner = await ActiveRunAsync(message.DistrictId, token);
                if (winner is null) throw;
                return new Result(winner.Id, true, null);
            }
            signal.Wake();
            return new Result(run.Id, false, null);
        }

        private Task<SyncRun?> ActiveRunAsync(int districtId, CancellationToken token) =>
            db.SyncRuns.Where(r => r.DistrictId == districtId && (r.Status == SyncRunStatus.Queued || r.Status == SyncRunStatus.Running))
                .OrderBy(r => r.Id).FirstOrDefaultAsync(token);
    }
}
