using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>What a district's next Clever sync reads, and why.</summary>
public sealed record ModeChoice(SyncMode Mode, string? Reason)
{
    public static ModeChoice Full(string? reason) => new(SyncMode.Full, reason);
    public static readonly ModeChoice Events = new(SyncMode.Events, null);
}

/// <summary>Where a district stands in Clever's event feed: its bookmark, and when it was stored.</summary>
public sealed record EventsBookmark(string? LastEventId, DateTime? StoredAt);

/// <summary>
/// The per-district event cursor: Clever's recommended bootstrap (note the newest event id before a full sync, then
/// continue from it), its storage in the same transaction that applies a roster, and the choice between events and a
/// full sync for the next run.
/// </summary>
public static class EventsCursor
{
    /// <summary>
    /// Chooses the mode of a run. Events only when the district is in events mode and has a bookmark inside the 30-day
    /// window; a full sync when the weekly reconciliation is due (the configured night, or too long since the last full sync).
    /// The Clever-side checks (not enabled, unknown id, a failed fetch) come later, from the events client.
    /// </summary>
    public static ModeChoice Choose(bool eventsMode, EventsBookmark bookmark, DateTime? lastFullSyncAt, SyncTrigger trigger,
        DateTime nowUtc, TimeZoneInfo zone, EventsSettings settings)
    {
        if (!eventsMode) return ModeChoice.Full(null);
        if (bookmark.StoredAt is not { } storedAt)
            return ModeChoice.Full("Events mode starts with a full sync: Twig notes Clever's newest event before it and reads events " +
                "from there.");
        if (bookmark.LastEventId is null && nowUtc - storedAt > CleverEventsClient.Window)
            return ModeChoice.Full("The event bookmark is older than Clever's 30-day events window.");
        if (lastFullSyncAt is not { } lastFull || nowUtc - lastFull >= settings.FullSyncEvery)
            return ModeChoice.Full($"Weekly reconciliation: the last full sync is more than {settings.FullSyncEvery.TotalDays:0.#} days " +
                $"old.");
        var localNow = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone);
        var localLastFull = TimeZoneInfo.ConvertTimeFromUtc(lastFull, zone);
        if (trigger is SyncTrigger.Nightly or SyncTrigger.Retry && localNow.DayOfWeek == settings.ReconcileOn
            && localLastFull.Date < localNow.Date)
            return ModeChoice.Full($"Weekly reconciliation ({settings.ReconcileOn} night): a full sync checks what events applied.");
        return ModeChoice.Events;
    }

    public static Task<EventsBookmark> ReadAsync(TwigDb db, int districtId, CancellationToken ct) =>
        db.Districts.AsNoTracking().Where(d => d.Id == districtId)
            .Select(d => new EventsBookmark(d.CleverLastEventId, d.CleverEventsCursorAt)).SingleAsync(ct);

    /// <summary>When the district's last successful full sync finished, if it had one.</summary>
    public static Task<DateTime?> LastFullSyncAsync(TwigDb db, int districtId, CancellationToken ct) =>
        db.SyncRuns.AsNoTracking()
            .Where(r => r.DistrictId == districtId && r.Mode == SyncMode.Full).Where(SyncRun.Succeeded)
            .MaxAsync(r => r.FinishedAt, ct);

    /// <summary>
    /// Stores the bookmark. Call it inside the transaction that applies the roster (a full sync's, with the id noted before
    /// its fetch; an events run's, with the last event it folded): a crash before the commit keeps the old bookmark, so the
    /// same events are read again, and folding them again changes nothing.
    /// </summary>
    public static Task StoreAsync(TwigDb db, int districtId, string? lastEventId, DateTime nowUtc, CancellationToken ct) =>
        db.Districts.Where(d => d.Id == districtId).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.CleverLastEventId, lastEventId)
            .SetProperty(d => d.CleverEventsCursorAt, nowUtc), ct);
}
