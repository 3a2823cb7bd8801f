using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Twig.Bench;

/// <summary>Samples the bench process's working set (Twig and the sandbox together) while a scenario runs.</summary>
internal sealed class PeakSampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;
    private long _peakManaged;

    public PeakSampler()
    {
        _peak = Current();
        StartMb = _peak / 1048576.0;
        _timer = new Timer(_ => Sample(), null, 0, 50);
    }

    public static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>The working set when sampling began (after the compaction that precedes a scenario): what is not the scenario's.</summary>
    public double StartMb { get; }

    /// <summary>The most managed memory in use at any sample (GC.GetTotalMemory, no collection): the rest of the peak is native.</summary>
    public double PeakManagedMb => Interlocked.Read(ref _peakManaged) / 1048576.0;

    private void Sample()
    {
        var managed = GC.GetTotalMemory(false);
        long seenManaged;
        while (managed > (seenManaged = Interlocked.Read(ref _peakManaged)) && Interlocked.CompareExchange(ref _peakManaged, managed, seenManaged) != seenManaged)
        {
        }
        var now = Current();
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }

    public double PeakMb
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak) / 1048576.0;
        }
    }

    public void Dispose() => _timer.Dispose();
}

internal sealed record Measurement(string Scenario, double Seconds, double PeakMb, string Detail)
{
    public double? FloorSeconds { get; set; }
    public string FloorText { get; set; } = "";
    public double? Ratio => FloorSeconds is > 0 ? Seconds / FloorSeconds : null;

    /// <summary>How long Twig's background checkpoint of what the scenario wrote took (<see cref="TwigHost.FoldLogAsync"/>).</summary>
    public void CheckpointAfter(double seconds) => Extra["background_checkpoint_s"] = Math.Round(seconds, 2);

    /// <summary>Figures of one scenario's own, appended to its JSON line.</summary>
    public Dictionary<string, object?> Extra { get; } = [];
}

internal static class Measure
{
    public static async Task<(T Result, double Seconds, double PeakMb, double StartMb, double PeakManagedMb, double StartManagedMb)> TimeAsync<T>(
        Func<Task<T>> action)
    {
        // Compacting and returning free memory to the OS first, so a scenario's peak is its own and not what an earlier
        // scenario (a first sync holds the whole district) left committed in the process.
        Compact();
        // Right after a first sync of 500,000 students, 528 MB (its change set) were still held by the finished run and let go
        // of within 3 s; measured at once, the unchanged night's figures were mostly the first sync's. Nights are hours apart.
        if (GC.GetTotalMemory(forceFullCollection: false) > 64 * 1048576L)
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            Compact();
        }
        var startManaged = GC.GetTotalMemory(forceFullCollection: false) / 1048576.0;
        using var sampler = new PeakSampler();
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var (g0, g1, g2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        var timer = Stopwatch.StartNew();
        var result = await action();
        timer.Stop();
        Console.WriteLine($"  [gc] allocated {(GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1048576.0:F0} MB, " +
            $"gen0 {GC.CollectionCount(0) - g0}, gen1 {GC.CollectionCount(1) - g1}, gen2 {GC.CollectionCount(2) - g2}, " +
            $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms");
        var peak = sampler.PeakMb;
        return (result, timer.Elapsed.TotalSeconds, peak, sampler.StartMb, sampler.PeakManagedMb, startManaged);
    }

    private static void Compact()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    public static void Print(IReadOnlyList<Measurement> rows, IReadOnlyList<(string Name, double Seconds, string Detail)> floors)
    {
        Console.WriteLine();
        Console.WriteLine("Floors (same run, same machine):");
        foreach (var (name, seconds, detail) in floors)
            Console.WriteLine($"  {name,-34} {seconds,8:F2} s   {detail}");
        Console.WriteLine();
        Console.WriteLine($"| {"scenario",-18} | {"seconds",8} | {"peak MB",8} | {"floor s",8} | {"ratio",6} | {"floor",-12} | detail");
        Console.WriteLine($"|{new string('-', 20)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 8)}|{new string('-', 14)}|-------");
        foreach (var row in rows)
            Console.WriteLine($"| {row.Scenario,-18} | {row.Seconds,8:F2} | {row.PeakMb,8:F0} | {(row.FloorSeconds is { } f ? f.ToString("F2", CultureInfo.InvariantCulture) : "-"),8} | {(row.Ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) : "-"),6} | {row.FloorText,-12} | {row.Detail}");
        Console.WriteLine();
        foreach (var row in rows)
        {
            var line = new Dictionary<string, object?>
            {
                ["scenario"] = row.Scenario,
                ["seconds"] = Math.Round(row.Seconds, 2),
                ["peak_working_set_mb"] = Math.Round(row.PeakMb, 1),
            };
            foreach (var (name, value) in row.Extra) line[name] = value;
            line["floor_seconds"] = row.FloorSeconds is { } f ? Math.Round(f, 2) : null;
            line["ratio"] = row.Ratio is { } r ? Math.Round(r, 2) : null;
            Console.WriteLine(JsonSerializer.Serialize(line));
        }
    }
}
