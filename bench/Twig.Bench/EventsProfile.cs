using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Bench;

/// <summary>
/// events-profile: the sync-1pct-events night read once, then its change set and plan built <c>repeats</c> times, and its
/// events fetched and folded again <c>repeats</c> times with nothing else running (the steps of an events night, warm).
/// </summary>
internal static class EventsProfile
{
    public static async Task RunAsync(TwigHost host, int repeats)
    {
        EventsScenario.ReconcileAnotherDay(host);
        var events = await EventsScenario.DistrictAsync(host, new SyncScenarios.Shape("sync-events", 200_000, 10_000, 300, 510), eventsMode: true);
        Console.WriteLine($"[events-profile] overnight changes: {SyncScenarios.OvernightChanges(events.Clever)}");
        var bookmark = await host.ScopeAsync(sp => EventsCursor.ReadAsync(sp.GetRequiredService<TwigDb>(), events.Id, CancellationToken.None));
        CleverChangeSet? night = null;
        for (var i = 0; i < repeats; i++)
        {
            var timer = Stopwatch.StartNew();
            night = await host.ScopeAsync(sp => EventFold.FoldAsync(
                sp.GetRequiredService<CleverEventsClient>().EventsAfterAsync(events.Clever.Token, bookmark.LastEventId, null, CancellationToken.None),
                CancellationToken.None));
            Console.WriteLine($"  read {i + 1}: {timer.Elapsed.TotalMilliseconds:F0} ms, {night.EventsRead:N0} events");
        }
        var index = await host.ScopeAsync(sp => RosterIndex.LoadAsync(sp.GetRequiredService<TwigDb>(), events.Id, CancellationToken.None));
        if (Environment.GetEnvironmentVariable("TWIG_PROFILE_PAUSE") is { } pause)
        {
            Console.WriteLine($"[events-profile] pid {Environment.ProcessId}: change sets start in {pause} s");
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(pause, System.Globalization.CultureInfo.InvariantCulture)));
            repeats *= 4;
        }
        for (var i = 0; i < repeats; i++)
        {
            var (a0, g0, g1, g2, paused) = (GC.GetTotalAllocatedBytes(true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            var timer = Stopwatch.StartNew();
            EventChangesTimings? steps = null;
            var changes = await host.ScopeAsync(sp => EventChanges.BuildAsync(night!, index, sp.GetRequiredService<TwigDb>(), events.Id,
                CancellationToken.None, t => steps = t));
            var built = timer.Elapsed.TotalMilliseconds;
            Console.WriteLine($"    gc: {(GC.GetTotalAllocatedBytes(true) - a0) / 1048576.0:F0} MB, gen0 {GC.CollectionCount(0) - g0}, gen1 {GC.CollectionCount(1) - g1}, gen2 {GC.CollectionCount(2) - g2}, paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms");
            timer.Restart();
            var plan = await host.ScopeAsync(sp => SyncPlanner.PlanAsync(changes, index, sp.GetRequiredService<TwigDb>(), events.Id, CancellationToken.None));
            Console.WriteLine($"  change set {i + 1}: {built:F0} ms (walk {steps!.IndexWalk.TotalMilliseconds:F0}, counts " +
                $"{steps.EnrollmentCounts.TotalMilliseconds:F0}, records {steps.Records.TotalMilliseconds:F0}); plan {timer.Elapsed.TotalMilliseconds:F0} ms — {plan.Timings}");
        }
    }
}
