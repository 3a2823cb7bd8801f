using System.Globalization;

namespace Twig.Sandbox.Generation;

/// <summary>
/// 24-hex ids shaped like Mongo ObjectIds: a per-district 12-hex prefix, then the record's creation
/// ordinal in 12 hex. Sorting ids therefore sorts by creation, which is what Clever's paging relies on.
/// </summary>
internal sealed class ObjectIds
{
    private readonly string prefix;

    public ObjectIds(int seed)
    {
        // A plausible ObjectId timestamp (2019-2021) followed by 4 hex from the seed.
        var timestamp = 0x5C000000u + (uint)(DeterministicHash.Of(seed, -1, 1) % 0x04000000u);
        var tag = (ushort)DeterministicHash.Of(seed, -1, 2);
        prefix = timestamp.ToString("x8", CultureInfo.InvariantCulture) + tag.ToString("x4", CultureInfo.InvariantCulture);
    }

    public string For(long ordinal) => prefix + ordinal.ToString("x12", CultureInfo.InvariantCulture);

    /// <summary>The ordinal an id of this district stands for, or -1 when the id is not one of ours.</summary>
    public long OrdinalOf(string? id)
    {
        if (id is null || id.Length != 24 || !id.StartsWith(prefix, StringComparison.Ordinal)) return -1;
        return long.TryParse(id.AsSpan(12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ordinal)
            && id.AsSpan(12).ToString() == ordinal.ToString("x12", CultureInfo.InvariantCulture)
            ? ordinal
            : -1;
    }

    /// <summary>The district's own id when configuration gives none.</summary>
    public static string DistrictIdFor(int seed) =>
        DeterministicHash.Of(seed, -2, 3).ToString("x16", CultureInfo.InvariantCulture)[..8] + "d15f" +
        DeterministicHash.Of(seed, -2, 4).ToString("x16", CultureInfo.InvariantCulture)[..12];
}
