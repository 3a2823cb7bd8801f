using System.Diagnostics;
using System.Globalization;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Where a full fetch's time went, for the run's log line: each collection (<see cref="StepTimings"/>), when Twig's index
/// was ready, and how long the fetcher waited for pages rather than comparing them (Clever's paging, the read-ahead's
/// own reading). Milliseconds and counts only, never roster data.
/// </summary>
internal sealed class FetchTimings
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _idleSince;
    private double _waitedMs;
    private double _indexReadyMs;
    private int _pages;

    public StepTimings Steps { get; } = new();

    public void IndexReady() => _indexReadyMs = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

    /// <summary>A page was handed over: the time since the previous one was done was spent waiting for it.</summary>
    public void PageArrived()
    {
        _pages++;
        if (_idleSince != 0) _waitedMs += Stopwatch.GetElapsedTime(_idleSince).TotalMilliseconds;
        _idleSince = 0;
    }

    public void PageDone() => _idleSince = Stopwatch.GetTimestamp();

    /// <summary>A collection's first page is waited for from here (its request goes out now).</summary>
    public void CollectionStarts() => _idleSince = Stopwatch.GetTimestamp();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Steps}; index ready at {_indexReadyMs:F0} ms; {_pages} pages, waited {_waitedMs:F0} ms for them");
}
