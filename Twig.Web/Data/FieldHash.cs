using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Twig.Web.Data;

/// <summary>
/// How a stored row hash (XxHash3) takes its fields, for every source that keeps one (Clever's record hashes, users.csv's
/// row hashes): an int as four little-endian bytes, text as its length and then its UTF-16 bytes, null as length −1, so
/// "ab"+"c" and "a"+"bc" differ and null differs from empty. Stable in every process and on every machine (no
/// string.GetHashCode); each source seeds its own hasher with its version.
/// </summary>
public static class FieldHash
{
    public static void Add(XxHash3 h, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        h.Append(bytes);
    }

    public static void Add(XxHash3 h, string? value)
    {
        if (value is null) AddNull(h);
        else Add(h, value.AsSpan());
    }

    public static void AddNull(XxHash3 h) => Add(h, -1);

    public static void Add(XxHash3 h, ReadOnlySpan<char> value)
    {
        Add(h, value.Length);
        h.Append(MemoryMarshal.AsBytes(value));
    }

    public static long Finish(XxHash3 h) => unchecked((long)h.GetCurrentHashAsUInt64());
}
