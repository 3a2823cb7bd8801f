using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Twig.Bench;

/// <summary>
/// What one sign-in costs besides its wall-clock time, which two shared cores make noisy: the process's CPU time and
/// managed allocations (Twig, the sandbox and the client together), the database commands Twig ran (from EF Core's
/// diagnostic events, grouped by statement), and the client's time in each step of the round trip.
/// </summary>
internal sealed class SignInProfile : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    // Keyed by the command text's reference (EF reuses one string per cached query), so counting costs a lookup, not a parse.
    private readonly ConcurrentDictionary<string, long> _statements = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<string, long> _stepTicks = new();
    private readonly List<IDisposable> _subscriptions = [];
    private readonly IDisposable _all;
    private long _commands;
    private long _opens;
    private bool _recording;
    private TimeSpan _cpuStart;
    private long _allocatedStart;
    private int _gen0Start, _gen1Start, _gen2Start;

    public SignInProfile() => _all = DiagnosticListener.AllListeners.Subscribe(this);

    public void Start()
    {
        _statements.Clear();
        _stepTicks.Clear();
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _opens, 0);
        _cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        _allocatedStart = GC.GetTotalAllocatedBytes(precise: false);
        (_gen0Start, _gen1Start, _gen2Start) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        Volatile.Write(ref _recording, true);
    }

    public Figures Stop(int signIns)
    {
        Volatile.Write(ref _recording, false);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuStart;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - _allocatedStart;
        return new Figures(
            cpu.TotalMilliseconds / signIns,
            allocated / 1024.0 / signIns,
            (double)Interlocked.Read(ref _commands) / signIns,
            (double)Interlocked.Read(ref _opens) / signIns,
            GC.CollectionCount(0) - _gen0Start, GC.CollectionCount(1) - _gen1Start, GC.CollectionCount(2) - _gen2Start,
            [.. _stepTicks.Select(s => (s.Key, Stopwatch.GetElapsedTime(0, s.Value).TotalMilliseconds / signIns))],
            [.. _statements.GroupBy(s => Shorten(s.Key), s => s.Value).Select(g => (Statement: g.Key, Count: g.Sum()))
                .OrderByDescending(s => s.Count).Select(s => (s.Statement, (double)s.Count / signIns))]);
    }

    /// <summary>Times one client step; steps run on several browsers at once, so their sum exceeds the wall clock.</summary>
    public async Task<T> StepAsync<T>(string step, Func<Task<T>> action)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await action();
        }
        finally
        {
            _stepTicks.AddOrUpdate(step, Stopwatch.GetTimestamp() - started, (_, ticks) => ticks + Stopwatch.GetTimestamp() - started);
        }
    }

    public void OnNext(DiagnosticListener listener)
    {
        // Only the two events counted: a listener enabled for every event makes EF build event data for each of them, work
        // that Twig does not do when nobody listens.
        if (listener.Name == DbLoggerCategory.Name)
            _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuted.Name || name == RelationalEventId.ConnectionOpened.Name));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (!Volatile.Read(ref _recording)) return;
        if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandExecutedEventData command)
        {
            Interlocked.Increment(ref _commands);
            _statements.AddOrUpdate(command.Command.CommandText, 1, (_, n) => n + 1);
        }
        else if (value.Key == RelationalEventId.ConnectionOpened.Name) Interlocked.Increment(ref _opens);
    }

    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 110 ? flat : flat[..110] + "…";
    }

    public void OnCompleted() { }

    public void OnError(Exception error) { }

    public void Dispose()
    {
        foreach (var subscription in _subscriptions) subscription.Dispose();
        _all.Dispose();
    }

    internal sealed record Figures(
        double CpuMsPerSignIn, double AllocatedKbPerSignIn, double CommandsPerSignIn, double ConnectionOpensPerSignIn,
        int Gen0, int Gen1, int Gen2,
        IReadOnlyList<(string Step, double Ms)> Steps, IReadOnlyList<(string Statement, double PerSignIn)> Statements)
    {
        public void Print()
        {
            Console.WriteLine($"    per sign-in: {CpuMsPerSignIn:F1} ms CPU (process: Twig + sandbox + client), {AllocatedKbPerSignIn:N0} KB allocated, "
                + $"{CommandsPerSignIn:F1} SQL commands on {ConnectionOpensPerSignIn:F1} connection opens; GCs gen0/1/2 {Gen0}/{Gen1}/{Gen2}");
            Console.WriteLine("    client time per step (ms per sign-in, browsers overlap):");
            foreach (var (step, ms) in Steps) Console.WriteLine($"      {step,-28} {ms,7:F1}");
            Console.WriteLine("    SQL statements per sign-in:");
            foreach (var (statement, perSignIn) in Statements.Take(20)) Console.WriteLine($"      {perSignIn,5:F2}  {statement}");
        }
    }
}
