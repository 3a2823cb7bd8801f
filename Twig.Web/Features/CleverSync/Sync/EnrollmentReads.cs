using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// <see cref="EnrollmentPlanner"/>'s reads: Twig's Clever enrollments of the sections whose membership changed, as rows of
/// (Id, SectionId, PersonId, Role, IsActive, IsPrimary), and the district's active Clever enrollments (the threshold's
/// denominator).
/// </summary>
internal static class EnrollmentReads
{
    /// <summary>The values of a row, as <see cref="Columns"/> lists them.</summary>
    internal const int RowWidth = 6;
    private const string Columns = """SELECT "Id","SectionId","PersonId","Role","IsActive","IsPrimary" FROM "Enrollments" WHERE """;
    /// <summary>From how many sections a SQLite read is split in two (below it, a second connection costs more than it saves).</summary>
    private const int SplitFrom = 1_000;
    /// <summary>SQLite: the enrollments of the sections whose ids ?2 lists as a JSON array.</summary>
    internal const string RowsSql = Columns + """ "Source"=?1 AND "SectionId" IN (SELECT value FROM json_each(?2))""";
    /// <summary>
    /// SQLite: the enrollments of the (section, person, role) triples that ?2 lists as a JSON array of <see cref="Packed"/>
    /// numbers, each found through the unique index on those three columns (CROSS JOIN keeps the list as the outer loop).
    /// </summary>
    internal const string PairsSql = """SELECT e."Id",e."SectionId",e."PersonId",e."Role",e."IsActive",e."IsPrimary" """ +
        """FROM json_each(?2) AS j """ +
        """CROSS JOIN "Enrollments" AS e WHERE e."SectionId"=""" + PackedSection + """ AND e."PersonId"=""" + PackedPerson +
        """ AND e."Role"=""" + PackedRole + """ AND e."Source"=?1""";
    /// <summary>The parts of a <see cref="Packed"/> pair j.value, in SQLite.</summary>
    internal const string PackedSection = "j.value>>32", PackedPerson = "(j.value>>1)&2147483647", PackedRole = "(j.value&1)+1";
    /// <summary>SQLite: the district's (?1) active Clever (?2) enrollments.</summary>
    internal const string ActiveCountSqlite =
        """SELECT COUNT(*) FROM "Enrollments" WHERE "DistrictId"=?1 AND "Source"=?2 AND "IsActive"=1""";
    private const string ActiveCount = """SELECT COUNT(*) FROM "Enrollments" WHERE "DistrictId"=@d AND "Source"=@s AND "IsActive"=1""";

    /// <summary>
    /// Calls <paramref name="row"/> for every enrollment of <paramref name="sectionIds"/> and the enrollment (if any) of each
    /// of <paramref name="pairs"/> (on SQL Server, possibly for other enrollments of the district too, which the caller
    /// ignores); returns the active count (<paramref name="activeKnown"/> when the caller has it already), or null when
    /// reading the sections by their ids and <paramref name="countNeeded"/> says, once they are read, that it is not needed.
    /// </summary>
    public static async Task<int?> ReadAsync(TwigDb db, RosterReader reader, int districtId, int sectionsInDistrict,
        IReadOnlyCollection<int> sectionIds, IReadOnlyCollection<EnrollmentKey> pairs, IntegerRow row, Func<bool> countNeeded,
        EnrollmentPrefetch? prefetch, CancellationToken ct, int? activeKnown = null)
    {
        var connection = db.Database.GetDbConnection();
        // SQL Server reads the pairs' whole sections (by the reads it already has); the caller takes only the pairs' rows.
        if (!SqliteRows.IsSqlite(connection))
            return await ReadOverAdoAsync(reader, sectionsInDistrict, [.. sectionIds.Concat(pairs.Select(p => p.SectionId)).Distinct()],
                row, () => activeKnown is null && countNeeded(), ct) ?? activeKnown;
        // Sections read during the fetch (EnrollmentPrefetch) are not read again: only the others (those the run deactivates).
        var prefetched = prefetch is null ? null : await prefetch.TakeAsync();
        var ids = prefetched is null
            ? sectionIds as IReadOnlyList<int> ?? [.. sectionIds]
            : sectionIds.Where(id => !prefetched.Sections.Contains(id)).ToList();

        // SQLite: the count runs on a connection of its own, beside the read (a night's pass over the district's enrollments
        // would otherwise come after it); the sections' rows are stepped natively, their ids sent as one JSON array. Many
        // sections (a 1 % night changes the membership of half a district's) are read in two halves at once, one of them on
        // a connection of its own, so the read takes both cores; that half's rows are handed over once the caller's are.
        var counting = prefetched is not null ? Task.FromResult((long)prefetched.ActiveEnrollments)
            : activeKnown is { } known ? Task.FromResult((long)known)
            : SqliteRows.CountOnOwnConnectionAsync(connection, ActiveCountSqlite, [districtId, (int)RosterSource.Clever], ct);
        var half = ids.Count >= SplitFrom ? ids.Count / 2 : ids.Count;
        object[] Of(IEnumerable<int> part) => [(int)RosterSource.Clever, SqliteRows.JsonArray(part)];
        var other = half < ids.Count ? SqliteRows.ReadOnOwnConnectionAsync(connection, RowsSql, Of(ids.Skip(half)), RowWidth, ct) : null;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            if (half > 0) SqliteRows.TryRead(connection, RowsSql, Of(ids.Take(half)), RowWidth, row, ct);
            if (pairs.Count > 0) SqliteRows.TryRead(connection, PairsSql, [(int)RosterSource.Clever, PairsJson(pairs)], RowWidth, row, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            // Whatever happened to the read, nothing is left running.
            await Task.WhenAny(counting);
            if (other is not null) await Task.WhenAny(other);
        }
        if (other is not null) Replay(await other, row);
        if (prefetched is not null)
        {
            Replay(prefetched.Rows, row);
            prefetch!.Release();
        }
        return (int)await counting;
    }

    /// <summary>
    /// A triple as one number (section id, person id, role 1 or 2 in the low bit), so SQLite reads plain integers from the
    /// list; in ascending order, so the index is walked forwards rather than sought at random.
    /// </summary>
    internal static long Packed(EnrollmentKey key) =>
        ((long)key.SectionId << 32) | ((long)key.PersonId << 1) | ((long)key.Role - (long)EnrollmentRole.Student);

    private static string PairsJson(IReadOnlyCollection<EnrollmentKey> pairs)
    {
        var packed = pairs.Select(Packed).ToArray();
        Array.Sort(packed);
        return "[" + string.Join(",", packed.Select(p => p.ToString(CultureInfo.InvariantCulture))) + "]";
    }

    private static void Replay(List<long> rows, IntegerRow row)
    {
        for (var i = 0; i < rows.Count; i += RowWidth) row(CollectionsMarshal.AsSpan(rows).Slice(i, RowWidth));
    }

    /// <summary>
    /// Up to a quarter of the district's sections are read by their ids (an index seek each); more, by one pass over the
    /// district's enrollments (which also counts the active ones). The by-ids read filters on the section ids alone (they
    /// are this district's): with "DistrictId" beside them the database picks the district index and walks every
    /// enrollment of the district once per chunk of ids.
    /// </summary>
    private static async Task<int?> ReadOverAdoAsync(RosterReader reader, int sectionsInDistrict, IReadOnlyCollection<int> sectionIds,
        IntegerRow row, Func<bool> countNeeded, CancellationToken ct)
    {
        var values = new long[RowWidth];
        var active = 0;
        if (sectionIds.Count > Math.Max(2_000, sectionsInDistrict / 4))
        {
            await reader.ReadAsync(Columns + """ "DistrictId"=@d AND "Source"=@s""", r =>
            {
                if (Read(r)) active++;
            }, ct);
            return active;
        }
        await reader.ReadInAsync(Columns + """ "Source"=@s AND "SectionId" IN ({0})""", sectionIds, r => Read(r), ct);
        if (!countNeeded()) return null;
        await reader.ReadAsync(ActiveCount, r => active = r.GetInt32(0), ct);
        return active;

        bool Read(DbDataReader r)
        {
            for (var c = 0; c < 4; c++) values[c] = r.GetInt32(c);
            values[4] = r.GetBoolean(4) ? 1 : 0;
            values[5] = r.GetBoolean(5) ? 1 : 0;
            row(values);
            return values[4] != 0;
        }
    }
}
