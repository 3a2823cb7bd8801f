using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>How one run reads Clever, decided before it reads any roster page.</summary>
public sealed record RunSource(SyncMode Mode, string? Reason)
{
    /// <summary>Events mode: the folded night to plan.</summary>
    public CleverChangeSet? Night { get; init; }
    /// <summary>
    /// A full sync after events-mode runs: the events not applied yet, read before the roster. They explain what the full
    /// sync finds changed; anything else is reconciliation drift.
    /// </summary>
    public CleverChangeSet? Pending { get; init; }
    /// <summary>Whether the applying transaction stores <see cref="Bookmark"/> (events mode on and Clever answered).</summary>
    public bool StoresBookmark { get; init; }
    public string? Bookmark { get; init; }
}

/// <summary>
/// Chooses between events and a full sync for a district in events mode, and reads what each needs from the Events
/// API before anything else: the night's events, or (Clever's bootstrap) the newest event id before a full sync reads a
/// page. Whatever Clever answers about events — not enabled, an id it no longer knows, a fetch that fails — turns the
/// run into a full sync with the reason on the run; it never fails the run.
/// </summary>
public sealed class RunSources(CleverEventsClient events, TwigDb db, TimeProvider clock, IOptions<EventsSettings> eventsSettings,
    IOptions<SyncSettings> syncSettings, ILogger<RunSources> logger)
{
    public async Task<RunSource> ChooseAsync(SyncRun run, string token, ISyncProgress progress, CancellationToken ct)
    {
        if (!run.District!.CleverEventsMode) return new RunSource(SyncMode.Full, null);
        var bookmark = await EventsCursor.ReadAsync(db, run.DistrictId, ct);
        var lastFull = await EventsCursor.LastFullSyncAsync(db, run.DistrictId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var choice = EventsCursor.Choose(true, bookmark, lastFull, run.Trigger, now, syncSettings.Value.Zone(), eventsSettings.Value);

        CleverChangeSet? night = null;
        string? failure = null;
        var reconciling = choice.Mode == SyncMode.Full && await FollowsEventsRunAsync(run, ct);
        if (bookmark.StoredAt is not null && (choice.Mode == SyncMode.Events || reconciling))
        {
            try
            {
                await progress.PhaseAsync(SyncPhase.FetchingPeople);
                night = await ReadNightAsync(run, token, bookmark.LastEventId, progress.Fetched, ct);
            }
            catch (CleverFetchException ex)
            {
                // A 401 lands here too: the full sync that follows re-checks the token as usual.
                failure = ex.Message;
                logger.LogWarning("Sync run {RunId}: Clever's events could not be read: {Reason}", run.Id, ex.Message);
            }
        }
        // An event of a kept record that cannot be read would leave its change out until the weekly full sync: run one now.
        if (choice.Mode == SyncMode.Events && night is { Unreadable: > 0 } unreadable)
            failure = string.Create(CultureInfo.InvariantCulture,
                $"Clever sent {unreadable.Unreadable:N0} event{(unreadable.Unreadable == 1 ? "" : "s")} of schools, users or sections " +
                $"that could not be read.");
        if (choice.Mode == SyncMode.Events && night is not null && failure is null)
            return new RunSource(SyncMode.Events, null)
            {
                Night = night, StoresBookmark = true,
                Bookmark = night.LastEventId ?? bookmark.LastEventId
            };

        var reason = choice.Mode == SyncMode.Events ? $"Events could not be used: {failure} A full sync ran instead." : choice.Reason;
        if (night is not null)
            return new RunSource(SyncMode.Full, reason)
            {
                Pending = night, StoresBookmark = true,
                Bookmark = night.LastEventId ?? bookmark.LastEventId
            };
        if (reconciling && failure is not null)
            reason += $" The events since the last run could not be read ({failure}), so differences are not checked as drift.";
        try
        {
            // Clever's bootstrap: the newest event before the full sync reads a page; events after it are the next night's.
            var newest = await events.NewestEventIdAsync(token, ct);
            return new RunSource(SyncMode.Full, reason) { StoresBookmark = true, Bookmark = newest };
        }
        catch (CleverFetchException ex)
        {
            // No bookmark is stored: the next run tries events again and says why if it still cannot.
            logger.LogWarning("Sync run {RunId}: Clever's newest event could not be read: {Reason}", run.Id, ex.Message);
            return new RunSource(SyncMode.Full, choice.Mode == SyncMode.Events ? reason : $"{reason} {ex.Message}".Trim());
        }
    }

    private async Task<CleverChangeSet> ReadNightAsync(SyncRun run, string token, string? afterId, Action<int> fetched,
        CancellationToken ct)
    {
        // Timed step by step so the log says where a slow night went (counts and milliseconds only, no roster data).
        var started = Stopwatch.GetTimestamp();
        if (afterId is not null) await events.EnsureUsableAsync(token, afterId, ct);
        var checkedAt = Stopwatch.GetTimestamp();
        var fetching = new TimedEvents(events.EventsAfterAsync(token, afterId, fetched, ct));
        var night = await EventFold.FoldAsync(fetching.ReadAsync(ct), ct);
        var total = Stopwatch.GetElapsedTime(started);
        logger.LogInformation(
            "Sync run {RunId}: read {Events} events in {TotalMs} ms (bookmark check {CheckMs} ms, fetch and parse {FetchMs} ms, fold " +
                "{FoldMs} ms)",
            run.Id, night.EventsRead, (long)total.TotalMilliseconds, (long)Stopwatch.GetElapsedTime(started, checkedAt).TotalMilliseconds,
            (long)fetching.Waited.TotalMilliseconds, (long)(total - Stopwatch.GetElapsedTime(started, checkedAt) - fetching.Waited)
                .TotalMilliseconds);
        return night;
    }

    /// <summary>Passes events through, adding up the time spent waiting for the next one (the page fetch and its parse).</summary>
    private sealed class TimedEvents(IAsyncEnumerable<CleverEventPayload> source)
    {
        public TimeSpan Waited { get; private set; }

        public async IAsyncEnumerable<CleverEventPayload> ReadAsync([EnumeratorCancellation] CancellationToken ct)
        {
            await using var e = source.GetAsyncEnumerator(ct);
            while (true)
            {
                var before = Stopwatch.GetTimestamp();
                var more = await e.MoveNextAsync();
                Waited += Stopwatch.GetElapsedTime(before);
                if (!more) yield break;
                yield return e.Current;
            }
        }
    }

    /// <summary>Whether the district's last applied run read events: a full sync now checks what they applied.</summary>
    private Task<bool> FollowsEventsRunAsync(SyncRun run, CancellationToken ct) =>
        db.SyncRuns.AsNoTracking()
            .Where(r => r.DistrictId == run.DistrictId && r.Id != run.Id).Where(SyncRun.Succeeded)
            .OrderByDescending(r => r.FinishedAt).ThenByDescending(r => r.Id)
            .Select(r => r.Mode == SyncMode.Events).FirstOrDefaultAsync(ct);
}
