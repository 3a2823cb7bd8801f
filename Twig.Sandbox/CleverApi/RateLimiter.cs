using System.Collections.Concurrent;

namespace Twig.Sandbox.CleverApi;

/// <summary>Clever's limit: N requests per bearer token per fixed one-minute window.</summary>
internal sealed class RateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);

    public RateDecision Take(string token, int limit)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var start = now - now % 60;
        var window = windows.GetOrAdd(token, _ => new Window());
        lock (window)
        {
            if (window.Start != start) (window.Start, window.Count) = (start, 0);
            window.Count++;
            return new RateDecision(limit, Math.Max(0, limit - window.Count), start + 60, window.Count <= limit);
        }
    }

    private sealed class Window
    {
        public long Start;
        public int Count;
    }
}

internal readonly record struct RateDecision(int Limit, int Remaining, long ResetUnixSeconds, bool Allowed);
