using System.Runtime.CompilerServices;

namespace Twig.Web.Features.CleverSync.Clever;

/// <summary>
/// Walks a collection's pages by their <c>next</c> links (never back to a page already read). Two buffers take turns: while
/// the caller works through one page, the next is already being requested and read into the other, so Clever's time to
/// answer overlaps ours instead of adding to it. Still one request at a time, in order; a failure of the next page surfaces
/// when the caller asks for it, after the current page was handed over, as when pages were read one after the other. A
/// handed-out page is valid until the caller asks for the next.
/// </summary>
internal static class CleverPageWalk
{
    /// <param name="fill">Reads the page at a path and query into a buffer.</param>
    /// <param name="looped">What to throw when a next link leads back to a page already read (after that page was handed over).</param>
    public static async IAsyncEnumerable<CleverPageBuffer> ReadAheadAsync(string first,
        Func<string, CleverPageBuffer, CancellationToken, Task> fill, CleverPageBuffers buffers, Func<Exception> looped,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { first };
        var (page, spare) = (buffers.First, buffers.Second);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? ahead = null;
        try
        {
            await fill(first, page, ct);
            while (true)
            {
                var next = page.Next;
                var loops = next is not null && !visited.Add(next);
                if (next is not null && !loops) ahead = fill(next, spare, stop.Token);
                yield return page;
                if (loops) throw looped();
                if (ahead is null) yield break;
                var reading = ahead;
                ahead = null;
                await reading;
                (page, spare) = (spare, page);
            }
        }
        finally
        {
            // The caller stopped early (or failed): the page read ahead is cancelled and its outcome dropped.
            if (ahead is not null)
            {
                await stop.CancelAsync();
                try { await ahead; }
                catch (Exception) { /* nobody asked for this page */ }
            }
        }
    }
}
