namespace Twig.Web.Data.Imports;

/// <summary>
/// One string for each distinct short value read from a file: first names, last names and school names repeat from row to row,
/// and a roster of 100,000 people would otherwise keep 100,000 copies of the same few thousand words. Values longer than
/// <paramref name="maxLength"/>, and new values once <paramref name="capacity"/> are held, are copied as they would be
/// without the pool, so a file of distinct values costs no more than before.
/// </summary>
public sealed class TextPool(int capacity = 1 << 16, int maxLength = 64)
{
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _strings =
        new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return "";
        if (value.Length > maxLength) return value.ToString();
        if (_strings.TryGetValue(value, out var pooled)) return pooled;
        var text = value.ToString();
        if (_strings.Dictionary.Count < capacity) _strings.Dictionary.Add(text, text);
        return text;
    }
}
