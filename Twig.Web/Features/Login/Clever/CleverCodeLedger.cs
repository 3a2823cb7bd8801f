using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Twig.Web.Features.Login.Clever;

/// <summary>
/// Codes Twig has already exchanged (as hashes, never the codes themselves), kept a few minutes: a browser
/// that replays a callback (refresh, back button, double click) must never make Twig exchange a code twice.
/// In-process: with several instances a replay that lands elsewhere gets Clever's invalid_grant and the friendly page.
/// </summary>
public sealed class CleverCodeLedger(TimeProvider clock)
{
    private static readonly TimeSpan Remember = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new();

    public bool WasUsed(string code) =>
        _used.TryGetValue(Hash(code), out var at) && clock.GetUtcNow() - at < Remember;

    /// <summary>Records the code as used; false when it already was (a concurrent double submit).</summary>
    public bool TryClaim(string code)
    {
        var now = clock.GetUtcNow();
        if (_used.Count > 1000)
            foreach (var (old, at) in _used)
                if (now - at >= Remember) _used.TryRemove(old, out _);
        var key = Hash(code);
        while (true)
        {
            if (_used.TryAdd(key, now)) return true;
            if (_used.TryGetValue(key, out var at) && now - at < Remember) return false;
            _used.TryRemove(key, out _);
        }
    }

    private static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
