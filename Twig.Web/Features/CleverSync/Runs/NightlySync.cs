using System.Globalization;
using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// Midnight Pacific: queue a run for every connected district with nightly sync on. A district whose
/// subscription has expired, or whose nightly syncs are paused, gets a "skipped" run that says why, instead of silence.
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
                .Where(d => d.NightlySyncEnabled && d.CleverConnection != null
                    && (d.CleverConnection.State == CleverConnectionState.Connected
                    || d.CleverConnection.State == CleverConnectionState.Rechecking))
                .Select(d => new { d.Id, d.NightlyPausedUntil, d.NightlyPauseReason, d.NightlyPausedBy }).ToListAsync(token);
            int queued = 0, skipped = 0;
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            foreach (var district in districts)
            {
                var districtId = district.Id;
                var subscription = await RosterChangeCheck.CheckAsync(db, clock, districtId, scheduled: true, token);
                // A paused district gets a skipped run that says why, so its log shows the pause night by night.
                var paused = district.NightlyPausedUntil is { } until && today < until
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"Skipped: nightly syncs are paused until {until:yyyy-MM-dd} by {district.NightlyPausedBy} " +
                            $"({district.NightlyPauseReason}).")
                    : null;
                var wrongSource = await RosterSourceRule.RefusalAsync(db, districtId, RosterSource.Clever, token);
                if (paused is not null || wrongSource is not null || !subscription.Allowed)
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    db.SyncRuns.Add(new SyncRun
                    {
                        DistrictId = districtId, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = now,
                        Status = SyncRunStatus.Skipped, Phase = SyncPhase.Done, FinishedAt = now,
                        Message = paused ?? (wrongSource is null ? subscription.Reason : $"Skipped: {wrongSource}"),
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
