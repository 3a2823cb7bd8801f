using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Twig.Web.Data;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// A stable 64-bit hash (XxHash3) of what a users.csv row sets on a person: names, e-mail, username, role and the ids of the
/// schools it links (not their names, so a school renamed or archived in Twig since makes the row compare in full again).
/// It is stored on the person (<c>CsvRowHash</c>) when an import writes the row, and a later upload compares each row to it
/// instead of loading the person. The password is not in it: a row carrying a password is always compared in full (its hash
/// decides, and checking it costs a PBKDF2 run). Whether the person is active is not in it either: the import reads that
/// flag for everyone, and an inactive person (archived, or deactivated in Twig) is compared in full, so such a change made
/// outside the import is never hidden by a matching hash.
/// </summary>
public static class CsvRowHashes
{
    /// <summary>Part of every hash: changing what is hashed means changing this, and every row then compares in full once.</summary>
    private const long Version = 1;

    /// <summary>Rows whose fields fit here are hashed in one call over a stack buffer; longer ones through the streaming hasher.</summary>
    private const int OneShotBytes = 1024;

    [ThreadStatic] private static XxHash3? _hasher;
    [ThreadStatic] private static List<int>? _schoolIds;

    /// <summary>
    /// The row's hash with its school names resolved by <paramref name="schoolId"/>; null when a name stands for no school
    /// yet or two names for the same one (such a row is compared in full, as it always was).
    /// </summary>
    public static long? Of(CsvPerson row, Func<string, int?> schoolId)
    {
        var ids = _schoolIds ??= [];
        ids.Clear();
        foreach (var name in row.SchoolNames)
        {
            if (schoolId(name) is not { } id) return null;
            ids.Add(id);
        }
        ids.Sort();
        for (var i = 1; i < ids.Count; i++)
            if (ids[i] == ids[i - 1]) return null;

        // Every upload hashes each of its rows (100,000 of them): laid out as FieldHash lays them out and hashed in one call,
        // which gives the very value the streaming hasher gives (XxHash3 is defined on the bytes, not on how they arrive).
        var size = 4 * (6 + ids.Count) + 2 * (row.FirstName.Length + row.LastName.Length + (row.Email?.Length ?? 0)
            + (row.Username?.Length ?? 0));
        if (size <= OneShotBytes)
        {
            Span<byte> buffer = stackalloc byte[OneShotBytes];
            var at = 0;
            Put(buffer, ref at, row.FirstName); Put(buffer, ref at, row.LastName); Put(buffer, ref at, row.Email);
            Put(buffer, ref at, row.Username);
            Put(buffer, ref at, (int)row.Role);
            Put(buffer, ref at, ids.Count);
            foreach (var id in ids) Put(buffer, ref at, id);
            return unchecked((long)XxHash3.HashToUInt64(buffer[..at], Version));
        }

        var h = _hasher ??= new XxHash3(Version);
        h.Reset();
        FieldHash.Add(h, row.FirstName); FieldHash.Add(h, row.LastName); FieldHash.Add(h, row.Email); FieldHash.Add(h, row.Username);
        FieldHash.Add(h, (int)row.Role);
        FieldHash.Add(h, ids.Count);
        foreach (var id in ids) FieldHash.Add(h, id);
        return FieldHash.Finish(h);
    }

    // As FieldHash.Add: an int as four little-endian bytes, text as its length then its UTF-16 bytes, null as length −1.
    private static void Put(Span<byte> buffer, ref int at, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], value);
        at += 4;
    }

    private static void Put(Span<byte> buffer, ref int at, string? value)
    {
        if (value is null)
        {
            Put(buffer, ref at, -1);
            return;
        }
        Put(buffer, ref at, value.Length);
        var bytes = MemoryMarshal.AsBytes(value.AsSpan());
        bytes.CopyTo(buffer[at..]);
        at += bytes.Length;
    }
}
