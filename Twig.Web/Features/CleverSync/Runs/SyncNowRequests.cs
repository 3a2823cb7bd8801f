using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.LicenseCheck;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// "Sync now" for every page that offers it (the owner's dashboard, the sync log): one command with one set of notices, and the
/// question "may it run now?" answered from <see cref="RequestSync"/>'s own preconditions, so a disabled button and a refusal agree.
/// </summary>
public static class SyncNowRequests
{
    public sealed class CommandHandler(IMediator mediator) : ICommandHandler<SyncNow.Command, SyncNow.Outcome>
    {
        public async ValueTask<SyncNow.Outcome> Handle(SyncNow.Command message, CancellationToken token)
        {
            var result = await mediator.Send(new RequestSync.Command(message.DistrictId, SyncTrigger.OnDemand), token);
            var notice = result switch
            {
                { Refusal: { } refusal } => refusal,
                { AlreadyQueued: true } => "A sync is already queued or running; its progress is shown below.",
                _ => "Sync started. Its progress is shown below.",
            } + (result.Note is { } note ? " " + note : "");
            return new SyncNow.Outcome(result.RunId, Started: result.RunId is not null && result.Refusal is null, notice);
        }
    }

    public sealed class UnavailableHandler(TwigDb db, TimeProvider clock, IOptions<SyncSettings> settings)
        : IQueryHandler<SyncNow.UnavailableQuery, SyncNow.Unavailable?>
    {
        public async ValueTask<SyncNow.Unavailable?> Handle(SyncNow.UnavailableQuery message, CancellationToken token) =>
            await ReasonAsync(message, token) is { } reason ? new SyncNow.Unavailable(reason)
                : await RequestSync.CooldownAsync(db, message.DistrictId, clock.GetUtcNow().UtcDateTime,
                    settings.Value.OnDemandCooldown, token);

        /// <summary>What stops Sync now before the waiting time between syncs (which comes last, with its moment).</summary>
        private async Task<string?> ReasonAsync(SyncNow.UnavailableQuery message, CancellationToken token)
        {
            var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
                .SingleOrDefaultAsync(d => d.Id == message.DistrictId, token);
            if (district is null) return "There is no such district.";
            if (await RequestSync.PreconditionRefusalAsync(db, district, token) is { } refusal) return refusal;
            // The live box says what the current run is doing; the button only says when it comes back.
            var active = await db.SyncRuns.Where(r => r.DistrictId == district.Id).Where(SyncRun.Active)
                .OrderByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(token);
            if (active is { } runId) return $"Sync now is available again when run #{runId} ends.";
            var subscription = await RosterChangeCheck.CheckAsync(db, clock, district.Id, scheduled: false, token);
            return subscription.Allowed ? null : subscription.Reason;
        }
    }
}
