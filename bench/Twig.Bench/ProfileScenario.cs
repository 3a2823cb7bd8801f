using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Bench;

/// <summary>sync-profile: after a first sync, times each stage of the engine on its own (load the index, fetch and compare, plan), repeated.</summary>
internal static class ProfileScenario
{
    public static async Task RunAsync(TwigHost host, int districtId, string token, int repeats)
    {
        for (var i = 0; i < repeats; i++)
        {
            var timer = Stopwatch.StartNew();
            var cpu = Cpu.Seconds();
            await FetchFloor.RunAsync(host.Address, token, SyncScenarios.PageSize);
            var floor = timer.Elapsed.TotalSeconds;
            var floorCpu = Cpu.Seconds() - cpu;
            timer.Restart();
            cpu = Cpu.Seconds();
            var index = await host.ScopeAsync(sp => RosterIndex.LoadAsync(sp.GetRequiredService<TwigDb>(), districtId, CancellationToken.None));
            var load = timer.Elapsed.TotalSeconds;
            var loadCpu = Cpu.Seconds() - cpu;
            timer.Restart();
            cpu = Cpu.Seconds();
            var changes = await host.ScopeAsync(sp => sp.GetRequiredService<RosterFetcher>().FetchAsync(token, Task.FromResult(index), new NoProgress(), CancellationToken.None));
            var fetch = timer.Elapsed.TotalSeconds;
            var fetchCpu = Cpu.Seconds() - cpu;
            timer.Restart();
            var plan = await host.ScopeAsync(sp => SyncPlanner.PlanAsync(changes, index, sp.GetRequiredService<TwigDb>(), districtId, CancellationToken.None));
            var planning = timer.Elapsed.TotalSeconds;
            Console.WriteLine($"  profile {i + 1}: floor (a) {floor:F2} s, load index {load:F2} s, fetch + compare {fetch:F2} s, plan {planning:F2} s; CPU floor {floorCpu:F2} s, load {loadCpu:F2} s, fetch {fetchCpu:F2} s ({plan.Counts[RosterEntityType.Enrollment].Unchanged:N0} enrollments unchanged)");
        }
    }

    /// <summary>plan-profile: one 1 % night fetched once, then planned <paramref name="repeats"/> times (planning writes nothing).</summary>
    public static async Task PlanRepeatAsync(TwigHost host, int districtId, string token, int repeats)
    {
        var index = await host.ScopeAsync(sp => RosterIndex.LoadAsync(sp.GetRequiredService<TwigDb>(), districtId, CancellationToken.None));
        var changes = await host.ScopeAsync(sp => sp.GetRequiredService<RosterFetcher>().FetchAsync(token, Task.FromResult(index), new NoProgress(), CancellationToken.None));
        for (var i = 0; i < repeats; i++)
        {
            var timer = Stopwatch.StartNew();
            var plan = await host.ScopeAsync(sp => SyncPlanner.PlanAsync(changes, index, sp.GetRequiredService<TwigDb>(), districtId, CancellationToken.None));
            Console.WriteLine($"  plan {i + 1}: {timer.Elapsed.TotalMilliseconds:F0} ms — {plan.Timings}");
        }
    }

    private sealed class NoProgress : ISyncProgress
    {
        public ValueTask PhaseAsync(SyncPhase phase, int total = 0) => ValueTask.CompletedTask;
        public void Fetched(int records) { }
        public void Advanced(int done) { }
    }
}
