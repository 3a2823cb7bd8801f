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
        FieldHash.Add(h, s.Name); FieldHash.Add(h, s.SisId); FieldHash.Add(h, s.SchoolNumber); FieldHash.Add(h, s.LowGrade);
        FieldHash.Add(h, s.HighGrade);
        return FieldHash.Finish(h);
    }

    /// <summary>The person's fields and school links (in ordinal order, as the record keeps them).</summary>
    public static long Of(PersonRecord p)
    {
        var h = Start();
        FieldHash.Add(h, p.FirstName); FieldHash.Add(h, p.MiddleName); FieldHash.Add(h, p.LastName); FieldHash.Add(h, p.Email);
        FieldHash.Add(h, p.SisId);
        FieldHash.Add(h, p.StateId); FieldHash.Add(h, p.StudentNumber); FieldHash.Add(h, p.Grade); FieldHash.Add(h, (int)p.Roles);
        FieldHash.Add(h, p.SchoolIds.Count);
        foreach (var school in p.SchoolIds) FieldHash.Add(h, school);
        return FieldHash.Finish(h);
    }

    /// <summary>The section's own fields; its school by Clever id (null when Clever did not share the school).</summary>
    public static long Of(SectionRecord s)
    {
        var h = Start();
        FieldHash.Add(h, s.SchoolId); FieldHash.Add(h, s.Name); FieldHash.Add(h, s.Subject); FieldHash.Add(h, s.Grade);
        FieldHash.Add(h, s.Period); FieldHash.Add(h, s.SisId);
        return FieldHash.Finish(h);
    }

    /// <summary>A hash built field by field from spans (<see cref="FieldHash"/>), for the fetcher's reader (no strings): the
    /// same bytes as the overloads above.</summary>
    internal static XxHash3 Start()
    {
        var h = _hasher ??= new XxHash3(Version);
        h.Reset();
        return h;
    }
}

/// <summary>
/// An order-independent hash of a section's membership: each (person, role, kept, primary) entry is hashed alone and the
/// hashes are summed, so Clever may list people in any order without the section comparing as changed. "Kept" marks a
/// listed person Clever sent incompletely, whose enrollment keeps its state: a later change of that person's standing then
/// changes the hash too. "Primary" marks the section's primary teacher, so a new lead teacher changes the hash as well.
/// </summary>
public struct MembershipHash
{
    /// <summary>Added to the primary teacher's seed (the others' seeds are 2 to 5), so their entry hashes apart.</summary>
    private const long PrimarySeed = 16;
    private ulong _sum;
    private int _count;

    public void Add(string personId, EnrollmentRole role, bool kept, bool primary) =>
        Add(personId.AsSpan(), role, kept, primary);

    public void Add(ReadOnlySpan<char> personId, EnrollmentRole role, bool kept, bool primary)
    {
        var seed = (long)role * 2 + (kept ? 1 : 0) + (primary ? PrimarySeed : 0);
        _sum = unchecked(_sum + XxHash3.HashToUInt64(MemoryMarshal.AsBytes(personId), seed));
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
