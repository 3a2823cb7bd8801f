using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twig.Sandbox.Configuration;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Events;

namespace Twig.Bench;

/// <summary>
/// sync-1pct-events: the same 1 % night as sync-1pct on the same shape of district (200,000 students), applied from
/// Clever's Events API. Two districts of that shape are synced once (one in events mode, whose first full sync notes
/// where events start; one not), both get the same night, and then the events run and the full 1 % run are timed one
/// after the other, so the speed-up is measured in the same run. Floor (e): every page of the night's events fetched
/// over loopback and tokenised with Utf8JsonReader, storing nothing.
/// </summary>
internal static class EventsScenario
{
    public static async Task RunAsync(TwigHost host, Results results)
    {
        ReconcileAnotherDay(host);
        var events = await DistrictAsync(host, new SyncScenarios.Shape("sync-events", 200_000, 10_000, 300, 510), eventsMode: true);
        var full = await DistrictAsync(host, new SyncScenarios.Shape("sync-full", 200_000, 10_000, 300, 511), eventsMode: false);

        // Warm-up (untimed): the events path once on a small district, so JIT is not in the timing.
        var warm = await DistrictAsync(host, new SyncScenarios.Shape("events-warm", 5_000, 250, 10, 10_510), eventsMode: true);
        SyncScenarios.OvernightChanges(warm.Clever);
        await SyncScenarios.SyncAsync(host, warm.Id);

        Console.WriteLine($"[sync-1pct-events] overnight changes (events district): {SyncScenarios.OvernightChanges(events.Clever)}");
        Console.WriteLine($"[sync-1pct-events] overnight changes (full district): {SyncScenarios.OvernightChanges(full.Clever)}");

        var bookmark = await host.ScopeAsync(sp => EventsCursor.ReadAsync(sp.GetRequiredService<TwigDb>(), events.Id, CancellationToken.None));
        var feed = "/v3.0/events" + (bookmark.LastEventId is { } after ? "?starting_after=" + after : "");
        await FetchFloor.RunAsync(host.Address, events.Clever.Token, SyncScenarios.PageSize, [feed]);
        var floor = double.MaxValue;
        (long Records, long Bytes) read = default;
        for (var i = 0; i < 2; i++)
        {
            var pass = await Measure.TimeAsync(() => FetchFloor.RunAsync(host.Address, events.Clever.Token, SyncScenarios.PageSize, [feed]));
            floor = Math.Min(floor, pass.Seconds);
            read = pass.Result;
        }
        results.Floor("sync-1pct-events (e) events fetch + parse", floor, FetchFloor.Describe(read.Records, read.Bytes) + " (events)");

        var night = await Measure.TimeAsync(() => SyncScenarios.SyncAsync(host, events.Id));
        var nightFolded = await host.FoldLogAsync();
        var mode = await host.ScopeAsync(sp => sp.GetRequiredService<TwigDb>().SyncRuns.AsNoTracking()
            .Where(r => r.DistrictId == events.Id).OrderByDescending(r => r.Id).Select(r => new { r.Mode, r.ModeReason }).FirstAsync());
        if (mode.Mode != SyncMode.Events) throw new InvalidOperationException($"The night ran a full sync: {mode.ModeReason}");
        var eventsRow = results.Add("sync-1pct-events", night.Seconds, night.PeakMb, night.Result.Describe());
        eventsRow.FloorSeconds = floor;
        eventsRow.FloorText = "e";
        eventsRow.Extra["events"] = read.Records;
        eventsRow.CheckpointAfter(nightFolded);

        var before = ChangeFloor.Snapshot(host.DatabasePath, Path.GetDirectoryName(host.DatabasePath)!);
        var fetchAfter = await SyncScenarios.FetchFloorAsync(host, full.Clever.Token);
        results.Floor("sync-1pct (a) fetch + parse after 1 %", fetchAfter.Seconds, FetchFloor.Describe(fetchAfter.Records, fetchAfter.Bytes));
        var onePercent = await Measure.TimeAsync(() => SyncScenarios.SyncAsync(host, full.Id));
        var fullRow = results.Add("sync-1pct", onePercent.Seconds, onePercent.PeakMb, onePercent.Result.Describe());
        fullRow.CheckpointAfter(await host.FoldLogAsync());
        // The full night's writes stand for the events night's too: the two districts got the same changes.
        ChangeFloor.Report(results, "sync-1pct", ChangeFloor.Time(before, host.DatabasePath), (fullRow, fetchAfter.Seconds), (eventsRow, floor));
        fullRow.FloorSeconds = fetchAfter.Seconds;
        fullRow.FloorText = "a";
        eventsRow.Extra["sync_1pct_seconds"] = Math.Round(onePercent.Seconds, 2);
        eventsRow.Extra["speedup_vs_sync_1pct"] = Math.Round(onePercent.Seconds / night.Seconds, 1);
        Console.WriteLine($"  sync-1pct-events is {onePercent.Seconds / night.Seconds:F1}× faster than sync-1pct in this run");
    }

    /// <summary>A bench may run on the reconciliation night: moved to a day that is not today, so the night reads events.</summary>
    internal static void ReconcileAnotherDay(TwigHost host) =>
        host.Services.GetRequiredService<IOptions<EventsSettings>>().Value.ReconcileOn =
            (DayOfWeek)(((int)DateTime.UtcNow.DayOfWeek + 3) % 7);

    internal static async Task<(int Id, Twig.Sandbox.SandboxDistrict Clever)> DistrictAsync(TwigHost host, SyncScenarios.Shape shape, bool eventsMode)
    {
        Console.WriteLine($"[{shape.Prefix}] sandbox district: {shape.Students:N0} students (seed {shape.Seed}), events mode {(eventsMode ? "on" : "off")}");
        var clever = host.Sandbox.AddDistrict(new SandboxDistrictOptions
        {
            Name = $"Bench {shape.Prefix}", Seed = shape.Seed, Students = shape.Students, Teachers = shape.Teachers, Schools = shape.Schools,
        });
        var id = await SyncScenarios.ConnectAsync(host, clever.Id, shape);
        if (eventsMode) await host.SendAsync(new SetEventsMode.Command(id, true));
        var first = await Measure.TimeAsync(() => SyncScenarios.SyncAsync(host, id));
        await host.FoldLogAsync();
        Console.WriteLine($"  [{shape.Prefix}] first sync (untimed here): {first.Seconds:F1} s — {first.Result.Describe()}");
        return (id, clever);
    }
}
