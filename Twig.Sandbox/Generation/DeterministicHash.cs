namespace Twig.Sandbox.Generation;

/// <summary>
/// SplitMix64-based hashing: every generated value is a pure function of (seed, ordinal, purpose),
/// so any record can be rebuilt on demand without keeping the district in memory.
/// </summary>
internal static class DeterministicHash
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Of(int seed, long ordinal, int purpose) =>
        Mix(Mix((ulong)(uint)seed * 0x100000001B3UL ^ (ulong)ordinal) ^ (ulong)purpose * 0xD6E8FEB86659FD93UL);

    /// <summary>A value in [0, bound).</summary>
    public static int Pick(int seed, long ordinal, int purpose, int bound) =>
        (int)(Of(seed, ordinal, purpose) % (ulong)bound);
}
