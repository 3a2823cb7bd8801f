using System.Diagnostics;
using System.Globalization;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// How long each step of planning or applying a sync took, with the rows it handled, for the run's log line: support sees
/// where a slow night went. Milliseconds and counts only, never roster data.
/// </summary>
public sealed class StepTimings
{
    private readonly List<(string Step, double Milliseconds, int Rows)> _steps = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _last = Stopwatch.GetTimestamp();

    /// <summary>Ends the step running since the previous mark (or the start).</summary>
    public void Mark(string step, int rows)
    {
        var now = Stopwatch.GetTimestamp();
        _steps.Add((step, Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds, rows));
        _last = now;
    }

    public long TotalMilliseconds => (long)Stopwatch.GetElapsedTime(_started, _last).TotalMilliseconds;

    public override string ToString() => string.Join(", ", _steps.Select(s =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Step} {s.Milliseconds:F0} ms/{s.Rows}")));
}
