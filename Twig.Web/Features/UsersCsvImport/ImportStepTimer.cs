using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// Where one upload, preview or confirmation spent its time, step by step, for one log line (milliseconds and counts only, no
/// roster data): support reads it to see which step a slow import lost its time in.
/// </summary>
public sealed class ImportStepTimer
{
    private readonly StringBuilder _steps = new();
    private long _last = Stopwatch.GetTimestamp();
    private readonly long _start = Stopwatch.GetTimestamp();

    /// <summary>Ends the step that began at the previous mark (or at the start) and names it.</summary>
    public void Mark(string step)
    {
        var now = Stopwatch.GetTimestamp();
        _steps.Append(_steps.Length == 0 ? "" : ", ").Append(step).Append(' ')
            .Append(Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)).Append(" ms");
        _last = now;
    }

    public string Steps => _steps.ToString();

    public long TotalMilliseconds => (long)Stopwatch.GetElapsedTime(_start).TotalMilliseconds;
}
