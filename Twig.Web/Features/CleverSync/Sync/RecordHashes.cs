using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Stable 64-bit hashes (XxHash3) of exactly the fields a sync writes, stored on each row so the next sync compares a
/// record without reading the row. Stable means the same in every process and on every machine: no string.GetHashCode.
/// </summary>
public static class RecordHashes
{
    /// <summary>Part of every hash: changing what is hashed means changing this, and every row then compares as changed once.</summary>
    private const long Version = 1;

    [ThreadStatic] private static XxHash3? _hasher;

    public static long Of(SchoolRecord s)
    {
        var h = Start();
        Add(h, s.Name); Add(h, s.SisId); Add(h, s.SchoolNumber); Add(h, s.LowGrade); Add(h, s.HighGrade);
        return Finish(h);
    }

    /// <summary>The person's fields and school links (in ordinal order, as the record keeps them).</summary>
    public static long Of(PersonRecord p)
    {
        var h = Start();
        Add(h, p.FirstName); Add(h, p.MiddleName); Add(h, p.LastName); Add(h, p.Email); Add(h, p.SisId);
        Add(h, p.StateId); Add(h, p.StudentNumber); Add(h, p.Grade); Add(h, (int)p.Roles); Add(h, p.SchoolIds.Count);
        foreach (var school in p.SchoolIds) Add(h, school);
        return Finish(h);
    }

    /// <summary>The section's own fields; its school by Clever id (null when Clever did not share the school).</summary>
    public static long Of(SectionRecord s)
    {
        var h = Start();
        Add(h, s.SchoolId); Add(h, s.Name); Add(h, s.Subject); Add(h, s.Grade); Add(h, s.Period); Add(h, s.SisId);
        return Finish(h);
    }

    /// <summary>A hash built field by field from spans, for the fetcher's reader (no strings): the same bytes as the overloads
    /// above.</summary>
    internal static XxHash3 Start()
    {
        var h = _hasher ??= new XxHash3(Version);
        h.Reset();
        return h;
    }

    internal static long Finish(XxHash3 h) => unchecked((long)h.GetCurrentHashAsUInt64());

    internal static void Add(XxHash3 h, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        h.Append(bytes);
    }

    /// <summary>Length first (−1 for null), so "ab"+"c" and "a"+"bc" differ and null differs from empty.</summary>
    private static void Add(XxHash3 h, string? value)
    {
        if (value is null) AddNull(h);
        else Add(h, value.AsSpan());
    }

    internal static void AddNull(XxHash3 h) => Add(h, -1);

    internal static void Add(XxHash3 h, ReadOnlySpan<char> value)
    {
        Add(h, value.Length);
        h.Append(MemoryMarshal.AsBytes(value));
    }
}

/// <summary>
/// An order-independent hash of a section's membership: each (person, role, kept) entry is hashed alone and the hashes
/// are summed, so Clever may list people in any order without the section comparing as changed. "Kept" marks a listed
/// person Clever sent incompletely, whose enrollment keeps its state: a later change of that person's standing then
/// changes the hash too.
/// </summary>
public struct MembershipHash
{
    private ulong _sum;
    private int _count;

    public void Add(string personId, EnrollmentRole role, bool kept) => Add(personId.AsSpan(), role, kept);

    public void Add(ReadOnlySpan<char> personId, EnrollmentRole role, bool kept)
    {
        _sum = unchecked(_sum + XxHash3.HashToUInt64(MemoryMarshal.AsBytes(personId), (long)role * 2 + (kept ? 1 : 0)));
        _count++;
    }

    public readonly long Value
    {
        get
        {
            Span<byte> bytes = stackalloc byte[12];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, _sum);
            BinaryPrimitives.WriteInt32LittleEndian(bytes[8..], _count);
            return unchecked((long)XxHash3.HashToUInt64(bytes, 1));
        }
    }
}
