using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// Midnight Pacific: queue a run for every connected district with nightly sync on. A district whose
/// subscription has expired gets a "skipped" run that says why, instead of silence.
/// </summary>
public static class NightlySync
{
    public sealed record Command : ICommand<Result>;

    public sealed record Result(int Queued, int Skipped);

    public sealed class CommandHandler(TwigDb db, IMediator mediator, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var districts = await db.Districts.AsNoTracking()
                .Where(d => d.NightlySyncEnabled && d.CleverConnection != null && d.CleverConnection.State == CleverConnectionState.Connected)
                .Select(d => d.Id).ToListAsync(token);
            int queued = 0, skipped = 0;
            foreach (var districtId in districts)
            {
                var subscription = await mediator.Send(new RosterChangeCheck.Query(districtId, Scheduled: true), token);
                if (!subscription.Allowed)
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    db.SyncRuns.Add(new SyncRun
                    {
                        DistrictId = districtId, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = now,
                        Status = SyncRunStatus.Skipped, Phase = SyncPhase.Done, FinishedAt = now,
                        Message = subscription.Reason,
                    });
                    skipped++;
                    continue;
                }
                var result = await mediator.Send(new RequestSync.Command(districtId, SyncTrigger.Nightly), token);
                if (result.Queued && !result.AlreadyQueued) queued++;
            }
            return new Result(queued, skipped);
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
