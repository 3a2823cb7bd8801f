using System.Diagnostics;
using Twig.Web.Features.UsersCsvImport;

namespace Twig.Bench;

/// <summary>
/// csv-profile: the csv-100k-1pct file parsed and checked <c>repeats</c> times on its own (warm, with allocations and
/// collections), then, after the 100,000-row file is imported, the owner's three steps run <c>repeats</c> times, the 1 %
/// file and the original taking turns (each a 1 % change); each step's log line gives its parts.
/// </summary>
internal static class CsvProfile
{
    public static async Task RunAsync(TwigHost host, int repeats)
    {
        var original = CsvScenarios.Generate(100_000, changed: false);
        var changed = CsvScenarios.Generate(100_000, changed: true);
        for (var i = 0; i < repeats; i++)
        {
            var (a0, g0, g1, paused) = (GC.GetTotalAllocatedBytes(true), GC.CollectionCount(0), GC.CollectionCount(1), GC.GetTotalPauseDuration());
            var timer = Stopwatch.StartNew();
            var parsed = UsersCsv.Parse(changed, 200_000);
            Console.WriteLine($"  parse {i + 1}: {timer.Elapsed.TotalMilliseconds:F0} ms, {parsed.People.Count:N0} rows; {(GC.GetTotalAllocatedBytes(true) - a0) / 1048576.0:F0} MB, " +
                $"gen0 {GC.CollectionCount(0) - g0}, gen1 {GC.CollectionCount(1) - g1}, paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms");
        }
        var districtId = await CsvScenarios.CreateDistrictAsync(host, 100_000);
        await CsvScenarios.ImportAsync(host, districtId, original);
        if (Environment.GetEnvironmentVariable("TWIG_PROFILE_PAUSE") is { } pause)
        {
            Console.WriteLine($"[csv-profile] pid {Environment.ProcessId}: imports start in {pause} s");
            await Task.Delay(TimeSpan.FromSeconds(int.Parse(pause, System.Globalization.CultureInfo.InvariantCulture)));
        }
        for (var i = 0; i < repeats; i++)
        {
            var (a0, paused) = (GC.GetTotalAllocatedBytes(true), GC.GetTotalPauseDuration());
            var timer = Stopwatch.StartNew();
            var outcome = await CsvScenarios.ImportAsync(host, districtId, i % 2 == 0 ? changed : original);
            Console.WriteLine($"  import {i + 1}: {timer.Elapsed.TotalMilliseconds:F0} ms — {outcome.Describe()}; " +
                $"{(GC.GetTotalAllocatedBytes(true) - a0) / 1048576.0:F0} MB, GC paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms");
        }
    }
}
