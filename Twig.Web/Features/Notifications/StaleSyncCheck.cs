using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// Hourly: a connected district whose last successful sync (or approval, if it never synced) is older than
/// <see cref="SyncFreshness.StaleAfter"/> gets one notice per quiet spell: the key names the last successful run, so
/// the next success starts a new spell.
/// </summary>
public static class StaleSyncCheck
{
    public sealed record Command : ICommand<int>;

    public sealed class CommandHandler(TwigDb db, Outbox outbox, AppLinks links, IOptions<SyncFreshness> freshness, TimeProvider clock)
        : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var today = DateOnly.FromDateTime(now);
            // A district whose nightly syncs are paused is quiet on purpose: no "no successful sync" notice.
            var districts = await db.CleverConnections.AsNoTracking()
                .Where(CleverConnection.Live)
                .Where(c => c.DistrictId != null
                            && (c.District!.NightlyPausedUntil == null || c.District.NightlyPausedUntil <= today))
                .Select(c => new
                {
                    DistrictId = c.DistrictId!.Value,
                    c.District!.Name,
                    c.District.TimeZoneId,
                    Since = c.DecidedAt ?? c.FirstSeenAt,
                    LastSuccess = db.SyncRuns.Where(SyncRun.Succeeded).Where(r => r.DistrictId == c.DistrictId)
                        .OrderByDescending(r => r.Id).Select(r => new { r.Id, r.FinishedAt }).FirstOrDefault(),
                })
                .ToListAsync(token);
            var span = freshness.Value.Span;
            var stale = districts.Where(d => freshness.Value.IsStale(d.LastSuccess?.FinishedAt ?? d.Since, now)).ToList();
            foreach (var d in stale)
            {
                var zone = DisplayTime.ZoneOrDefault(d.TimeZoneId);
                var last = d.LastSuccess?.FinishedAt is { } at
                    ? $"The last successful sync finished {DisplayTime.Format(at, zone)} ({DisplayTime.Utc(at)})."
                    : "It has not synced successfully since it was connected.";
                await outbox.AddAsync(NotificationKind.NoRecentSync, d.DistrictId, $"stale:{d.DistrictId}:{d.LastSuccess?.Id ?? 0}",
                    await outbox.OwnersAsync(d.DistrictId, token),
                    new NotificationMessage($"Twig: no successful sync of {d.Name} in {span}",
                        $"Twig has not synced {d.Name} from Clever successfully in the last {span}, "
                        + "so recent changes in Clever are not in Twig yet.",
                        [last], "Open your dashboard", links.OwnerDashboard), token);
            }
            return stale.Count;
        }
    }

    public sealed class Invocable(IMediator mediator) : IInvocable
    {
        public async Task Invoke() => await mediator.Send(new Command());
    }
}
