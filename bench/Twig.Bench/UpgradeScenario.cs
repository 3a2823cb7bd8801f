using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Twig.Web.Data;

namespace Twig.Bench;

/// <summary>
/// sync-upgrade: the first night after a release that changes what a section's membership hash covers (as keeping
/// Clever's primary teacher did). Every stored hash then differs from the one the new release computes, so every section
/// compares as changed once: all its enrollments are read and compared. Measured on the 200,000-student district with
/// nothing changed in Clever, its hashes cleared (the same work: a section without a stored hash is compared in full),
/// against the ordinary unchanged nights just before and after it and floor (a) of the same run.
/// </summary>
internal static class UpgradeScenario
{
    public static async Task RunAsync(TwigHost host, string workDirectory, Results results)
    {
        var shape = new SyncScenarios.Shape("upgrade", 200_000, 10_000, 300, 500);
        var clever = await SyncScenarios.RunAsync(host, shape, workDirectory, new Results(), "initial");
        var slug = $"bench-{shape.Prefix}-{shape.Seed}";
        var districtId = await host.ScopeAsync(sp => sp.GetRequiredService<TwigDb>().Districts
            .Where(d => d.Slug == slug).Select(d => d.Id).SingleAsync());
        var fetch = await SyncScenarios.FetchFloorAsync(host, clever.Token);
        results.Floor("sync-upgrade (a) fetch + parse", fetch.Seconds, FetchFloor.Describe(fetch.Records, fetch.Bytes));

        var ordinary = await Measure.TimeAsync(() => SyncScenarios.SyncAsync(host, districtId));
        Row("sync-upgrade-before", ordinary.Seconds, ordinary.PeakMb, ordinary.Result, await host.FoldLogAsync());

        var cleared = await host.ScopeAsync(sp => sp.GetRequiredService<TwigDb>().Sections
            .Where(s => s.DistrictId == districtId).ExecuteUpdateAsync(s => s.SetProperty(x => x.MembershipHash, (long?)null)));
        Console.WriteLine($"[sync-upgrade] cleared the membership hashes of {cleared:N0} sections");
        var upgrade = await Measure.TimeAsync(() => SyncScenarios.SyncAsync(host, districtId));
        var row = Row("sync-upgrade", upgrade.Seconds, upgrade.PeakMb, upgrade.Result, await host.FoldLogAsync());
        row.Extra["sections_compared_in_full"] = cleared;
        row.Extra["unchanged_night_seconds"] = Math.Round(ordinary.Seconds, 2);
        // The upgrade night stores the new hashes: the night after it is an ordinary one again.
        var after = await Measure.TimeAsync(() => SyncScenarios.SyncAsync(host, districtId));
        Row("sync-upgrade-after", after.Seconds, after.PeakMb, after.Result, await host.FoldLogAsync());

        Measurement Row(string scenario, double seconds, double peakMb, SyncScenarios.RunOutcome outcome, double checkpoint)
        {
            var added = results.Add(scenario, seconds, peakMb, outcome.Describe());
            added.CheckpointAfter(checkpoint);
            added.FloorSeconds = fetch.Seconds;
            added.FloorText = "a";
            return added;
        }
    }
}
