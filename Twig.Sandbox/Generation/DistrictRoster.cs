using Twig.Sandbox.Model;

namespace Twig.Sandbox.Generation;

/// <summary>
/// The people and classes of one sandbox district, generated lazily from (seed, ordinal) plus the small
/// set of overnight-change overrides. Nothing is materialised: every record is rebuilt when asked for.
/// </summary>
public sealed partial class DistrictRoster
{
    private readonly DistrictLayout layout;
    private readonly RosterOverrides overrides;
    private readonly ObjectIds ids;
    private readonly string emailDomain;
    private long recordsBuilt;

    internal DistrictRoster(string districtId, string districtName, DistrictLayout layout, RosterOverrides overrides)
    {
        DistrictId = districtId;
        DistrictName = districtName;
        this.layout = layout;
        this.overrides = overrides;
        ids = new ObjectIds(layout.Seed);
        emailDomain = Slug(districtName) + ".example.org";
    }

    public string DistrictId { get; }
    public string DistrictName { get; }

    /// <summary>How many record payloads have been built so far: proof that serving a page does not build the district.</summary>
    public long RecordsBuilt => Interlocked.Read(ref recordsBuilt);

    internal DistrictLayout Layout => layout;
    internal RosterOverrides Overrides => overrides;

    internal string IdOf(long ordinal) => ids.For(ordinal);

    internal long OrdinalOf(string? id) => ids.OrdinalOf(id);

    /// <summary>What an ordinal stands for, or null when it names nothing (yet).</summary>
    internal (RecordKind Kind, int Index, AddedRecord? Added)? Resolve(long ordinal)
    {
        if (ordinal < 0) return null;
        if (ordinal < layout.BaseEnd)
        {
            var (kind, index) = layout.Locate(ordinal);
            return (kind, index, null);
        }
        var added = overrides.Added(ordinal);
        return added is null ? null : (added.Kind, -1, added);
    }

    /// <summary>The kind of a live (not removed) record, or null.</summary>
    internal RecordKind? ActiveKindOf(long ordinal) =>
        Resolve(ordinal) is { } found && !overrides.IsRemoved(ordinal) ? found.Kind : null;

    internal bool IsActive(long ordinal) => !overrides.IsRemoved(ordinal);

    /// <summary>Live ordinals of one collection in id order, strictly after <paramref name="after"/>.</summary>
    internal IEnumerable<long> OrdinalsAfter(RecordKind[] kinds, UserRoles role, long after)
    {
        foreach (var kind in kinds)
        {
            var start = layout.StartOf(kind);
            var end = start + layout.CountOf(kind);
            for (var ordinal = Math.Max(start, after + 1); ordinal < end; ordinal++)
            {
                if (Matches(ordinal, kind, role)) yield return ordinal;
            }
        }
        var added = overrides.AddedOrdinals();
        for (var i = FirstAbove(added, after); i < added.Length; i++)
        {
            if (Array.IndexOf(kinds, overrides.Added(added[i])!.Kind) >= 0 && Matches(added[i], overrides.Added(added[i])!.Kind, role))
                yield return added[i];
        }
    }

    /// <summary>Live ordinals of one collection in descending id order, strictly before <paramref name="before"/>.</summary>
    internal IEnumerable<long> OrdinalsBefore(RecordKind[] kinds, UserRoles role, long before)
    {
        var added = overrides.AddedOrdinals();
        for (var i = FirstAbove(added, before - 1) - 1; i >= 0; i--)
        {
            var kind = overrides.Added(added[i])!.Kind;
            if (Array.IndexOf(kinds, kind) >= 0 && Matches(added[i], kind, role)) yield return added[i];
        }
        for (var k = kinds.Length - 1; k >= 0; k--)
        {
            var start = layout.StartOf(kinds[k]);
            var end = start + layout.CountOf(kinds[k]);
            for (var ordinal = Math.Min(end, before) - 1; ordinal >= start; ordinal--)
            {
                if (Matches(ordinal, kinds[k], role)) yield return ordinal;
            }
        }
    }

    private bool Matches(long ordinal, RecordKind kind, UserRoles role) =>
        !overrides.IsRemoved(ordinal) && (role == UserRoles.None || (RolesOf(ordinal, kind) & role) != 0);

    private static int FirstAbove(long[] sorted, long value)
    {
        var position = Array.BinarySearch(sorted, value);
        return position >= 0 ? position + 1 : ~position;
    }

    /// <summary>Every role a person holds; a few teachers and the first district admin are also staff (role changes switch a teacher's
    /// staff role).</summary>
    internal UserRoles RolesOf(long ordinal, RecordKind kind)
    {
        var index = ordinal < layout.BaseEnd ? (int)(ordinal - layout.StartOf(kind)) : -1;
        return kind switch
        {
            RecordKind.Student => UserRoles.Student,
            RecordKind.Teacher => (index >= 0 && index % 10 == 3) != overrides.StaffToggled(ordinal) ? UserRoles.Teacher | UserRoles.Staff
                : UserRoles.Teacher,
            RecordKind.Staff => UserRoles.Staff,
            RecordKind.DistrictAdmin => index == 0 ? UserRoles.DistrictAdmin | UserRoles.Staff : UserRoles.DistrictAdmin,
            RecordKind.Contact => UserRoles.Contact,
            _ => UserRoles.None,
        };
    }

    internal static string Slug(string name)
    {
        var chars = name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray();
        return chars.Length == 0 ? "district" : new string(chars);
    }

    private T Built<T>(T record)
    {
        Interlocked.Increment(ref recordsBuilt);
        return record;
    }
}
