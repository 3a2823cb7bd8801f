using System.Globalization;
using Coravel.Invocable;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.Notifications;

/// <summary>
/// The daily digest for Twig support (07:00 Pacific): every district that needs attention and why — lost Clever
/// connection (or one being re-checked), a failed, held or blocked last sync, over its licence, no successful sync in
/// <see cref="SyncFreshness.StaleAfter"/>, nightly syncs paused (until when, and why) — and the Clever connections
/// awaiting approval. One e-mail per staff member per day, whatever restarts or retries happen.
/// </summary>
public static class SupportDigest
{
    public sealed record Command : ICommand<Result>;

    public sealed record Result(IReadOnlyList<Attention> Districts, int PendingConnections, int Recipients);

    public sealed record Attention(int DistrictId, string Name, IReadOnlyList<string> Reasons);

    /// <summary>Which districts need attention now, and why (also for pages).</summary>
    public sealed record Query : IQuery<IReadOnlyList<Attention>>;

    public sealed class QueryHandler(TwigDb db, IOptions<SyncFreshness> freshness, TimeProvider clock)
        : IQueryHandler<Query, IReadOnlyList<Attention>>
    {
        public async ValueTask<IReadOnlyList<Attention>> Handle(Query message, CancellationToken token) =>
            await NeedingAttentionAsync(db, freshness.Value, clock.GetUtcNow().UtcDateTime, token);
    }

    private static readonly SyncRunStatus[] Outcomes =
    [
        SyncRunStatus.Succeeded, SyncRunStatus.SucceededWithWarnings, SyncRunStatus.HeldForReview, SyncRunStatus.BlockedByLicense,
        SyncRunStatus.Failed,
    ];

    /// <summary>Which districts need attention at <paramref name="now"/>, and why: the digest's body and the query's answer.</summary>
    public static async Task<IReadOnlyList<Attention>> NeedingAttentionAsync(TwigDb db, SyncFreshness freshness, DateTime now,
        CancellationToken token)
    {
        // A deleted district needs nothing more: its connection was dropped on purpose and it syncs no more.
        var districts = await db.Districts.AsNoTracking().Where(d => d.DeletedAt == null)
            .OrderByName(d => d.Name)
            .Select(d => new
            {
                d.Id,
                d.Name,
                d.NightlyPausedUntil,
                d.NightlyPauseReason,
                Connection = d.CleverConnection == null
                    ? null
                    : new { d.CleverConnection.State, d.CleverConnection.DecidedAt, d.CleverConnection.FirstSeenAt },
                Seats = d.Subscription == null ? (int?)null : d.Subscription.LicensedStudentSeats,
                Students = db.People.Where(ActiveStudent.Predicate).Count(p => p.DistrictId == d.Id),
                LastOutcome = db.SyncRuns.Where(r => r.DistrictId == d.Id && Outcomes.Contains(r.Status))
                    .OrderByDescending(r => r.Id).Select(r => (SyncRunStatus?)r.Status).FirstOrDefault(),
                LastSuccess = db.SyncRuns.Where(SyncRun.Succeeded).Where(r => r.DistrictId == d.Id)
                    .Max(r => r.FinishedAt),
            })
            .ToListAsync(token);

        var us = CultureInfo.GetCultureInfo("en-US");
        var attention = new List<Attention>();
        foreach (var d in districts)
        {
            var reasons = new List<string>();
            if (d.Connection?.State == CleverConnectionState.Disconnected) reasons.Add("Clever connection lost");
            if (d.Connection?.State == CleverConnectionState.Rechecking)
                reasons.Add("Clever refused the token; the connection is being re-checked");
            if (d.NightlyPausedUntil is { } until && DateOnly.FromDateTime(now) < until)
                reasons.Add($"nightly syncs paused until {DisplayTime.Day(until)} ({d.NightlyPauseReason})");
            switch (d.LastOutcome)
            {
                case SyncRunStatus.Failed: reasons.Add("last sync failed"); break;
                case SyncRunStatus.HeldForReview: reasons.Add("sync held for review"); break;
                case SyncRunStatus.BlockedByLicense: reasons.Add("last sync blocked by the licence"); break;
            }
            if (d.Seats is { } seats && d.Students > seats)
                reasons.Add(string.Create(us, $"over licence ({d.Students:N0} students, {seats:N0} seats)"));
            if (d.Connection?.State is CleverConnectionState.Connected or CleverConnectionState.Rechecking
                && freshness.IsStale(d.LastSuccess ?? d.Connection.DecidedAt ?? d.Connection.FirstSeenAt, now))
                reasons.Add($"no successful sync in {freshness.Span}");
            if (reasons.Count > 0) attention.Add(new Attention(d.Id, d.Name, reasons));
        }
        return attention;
    }

    public sealed class CommandHandler(TwigDb db, Outbox outbox, AppLinks links, IOptions<NotificationOptions> options,
        IOptions<SyncFreshness> freshness, TimeProvider clock)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var attention = await NeedingAttentionAsync(db, freshness.Value, clock.GetUtcNow().UtcDateTime, token);
            var pending = await db.CleverConnections.CountAsync(c => c.State == CleverConnectionState.PendingApproval, token);
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), options.Value.Zone()).DateTime);
            var facts = attention.Select(a => $"{a.Name}: {string.Join("; ", a.Reasons)}").ToList();
            if (pending > 0) facts.Add($"Clever connections awaiting approval: {pending}");
            var dayText = $"{day.ToString("dddd", CultureInfo.GetCultureInfo("en-US"))}, {DisplayTime.Day(day)}"; // "Monday, Dec 7, 2026"
            var needing = $"{Counted.Of(attention.Count, "district")} need{(attention.Count == 1 ? "s" : "")} attention";
            var lead = attention.Count == 0
                ? $"No district needs attention today ({dayText})."
                : $"{needing} today ({dayText}).";
            var recipients = await outbox.StaffAsync(TwigRoles.Staff, token);
            await outbox.AddAsync(NotificationKind.SupportDigest, null, $"digest:{day:yyyy-MM-dd}", recipients,
                new NotificationMessage($"Twig daily digest: {needing}", lead, facts,
                    "Open the support console", links.SupportConsole),
                token);
            return new Result(attention, pending, recipients.Count);
        }
    }

    public sealed class Invocable(IMediator mediator) : IInvocable
    {
        public async Task Invoke() => await mediator.Send(new Command());
    }
}
