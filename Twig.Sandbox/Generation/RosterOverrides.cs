namespace Twig.Sandbox.Generation;

/// <summary>A record created by an overnight change, after the district was generated.</summary>
internal sealed record AddedRecord(long Ordinal, RecordKind Kind, int School, int[] Sections);

/// <summary>
/// Everything overnight changes did to a generated district. This is the only per-record state kept,
/// so it stays small next to the district itself. All access goes through the lock.
/// </summary>
internal sealed class RosterOverrides
{
    private readonly object gate = new();
    private readonly HashSet<long> removed = [];
    private readonly Dictionary<long, int> nameRevisions = [];
    private readonly Dictionary<long, int> emailRevisions = [];
    private readonly Dictionary<long, AddedRecord> added = [];
    private readonly List<long> addedOrdinals = [];
    private readonly Dictionary<long, int[]> movedStudentSections = [];
    private readonly Dictionary<int, List<long>> sectionJoiners = [];
    private readonly Dictionary<int, HashSet<long>> sectionLeavers = [];
    private readonly Dictionary<long, DateTimeOffset> modified = [];

    public RosterOverrides(long nextOrdinal) => NextOrdinal = nextOrdinal;

    public long NextOrdinal { get; private set; }
    public int ChangeCounter { get; private set; }
    public bool RosterEmptied { get; set; }

    public int NextChange() { lock (gate) return ++ChangeCounter; }

    public bool IsRemoved(long ordinal) { lock (gate) return removed.Contains(ordinal); }
    public int RemovedCount { get { lock (gate) return removed.Count; } }

    public bool Remove(long ordinal, DateTimeOffset at)
    {
        lock (gate) { modified[ordinal] = at; return removed.Add(ordinal); }
    }

    /// <summary>The removed ordinals (a copy), so a restore can say what comes back.</summary>
    public long[] RemovedOrdinals() { lock (gate) return [.. removed.Order()]; }

    private readonly HashSet<long> staffToggled = [];
    private readonly HashSet<int> primarySwapped = [];

    /// <summary>Whether a co-taught section names its second teacher as its primary one instead of its first.</summary>
    public bool PrimarySwapped(int section) { lock (gate) return primarySwapped.Contains(section); }

    public void SwapPrimary(int section, DateTimeOffset at)
    {
        lock (gate)
        {
            if (!primarySwapped.Add(section)) primarySwapped.Remove(section);
            modified[-1 - section] = at;
        }
    }

    /// <summary>Whether a person's staff role was switched (given to a teacher who lacked it, or taken from one who held it).</summary>
    public bool StaffToggled(long ordinal) { lock (gate) return staffToggled.Contains(ordinal); }

    public void ToggleStaff(long ordinal, DateTimeOffset at)
    {
        lock (gate)
        {
            if (!staffToggled.Add(ordinal)) staffToggled.Remove(ordinal);
            modified[ordinal] = at;
        }
    }

    public int RestoreAll(DateTimeOffset at)
    {
        lock (gate)
        {
            foreach (var ordinal in removed) modified[ordinal] = at;
            var count = removed.Count;
            removed.Clear();
            return count;
        }
    }

    public int NameRevision(long ordinal) { lock (gate) return nameRevisions.GetValueOrDefault(ordinal); }
    public int EmailRevision(long ordinal) { lock (gate) return emailRevisions.GetValueOrDefault(ordinal); }
    public DateTimeOffset? ModifiedAt(long ordinal) { lock (gate) return modified.TryGetValue(ordinal, out var at) ? at : null; }

    public void Rename(long ordinal, DateTimeOffset at)
    {
        lock (gate) { nameRevisions[ordinal] = nameRevisions.GetValueOrDefault(ordinal) + 1; modified[ordinal] = at; }
    }

    public void ChangeEmail(long ordinal, DateTimeOffset at)
    {
        lock (gate) { emailRevisions[ordinal] = emailRevisions.GetValueOrDefault(ordinal) + 1; modified[ordinal] = at; }
    }

    private readonly HashSet<long> stretched = [];

    public bool IsStretched(long ordinal) { lock (gate) return stretched.Contains(ordinal); }

    public void Stretch(long ordinal, DateTimeOffset at)
    {
        lock (gate) { stretched.Add(ordinal); modified[ordinal] = at; }
    }

    public AddedRecord Add(RecordKind kind, int school, int[] sections, DateTimeOffset at)
    {
        lock (gate)
        {
            var record = new AddedRecord(NextOrdinal++, kind, school, sections);
            added[record.Ordinal] = record;
            addedOrdinals.Add(record.Ordinal);
            modified[record.Ordinal] = at;
            foreach (var section in sections) Joiners(section).Add(record.Ordinal);
            return record;
        }
    }

    public AddedRecord? Added(long ordinal) { lock (gate) return added.GetValueOrDefault(ordinal); }

    /// <summary>Added ordinals in creation order (a copy: callers stream it while changes may run).</summary>
    public long[] AddedOrdinals() { lock (gate) return [.. addedOrdinals]; }

    public int[]? MovedSections(long student) { lock (gate) return movedStudentSections.GetValueOrDefault(student); }

    public void Move(long student, int fromSection, int toSection, int[] newSections, DateTimeOffset at)
    {
        lock (gate)
        {
            movedStudentSections[student] = newSections;
            if (!sectionLeavers.TryGetValue(fromSection, out var leavers)) sectionLeavers[fromSection] = leavers = [];
            leavers.Add(student);
            Joiners(fromSection).Remove(student);
            sectionLeavers.GetValueOrDefault(toSection)?.Remove(student);
            Joiners(toSection).Add(student);
            modified[student] = at;
            modified[-1 - fromSection] = at;
            modified[-1 - toSection] = at;
        }
    }

    public long[] JoinersOf(int section) { lock (gate) return sectionJoiners.TryGetValue(section, out var list) ? [.. list] : []; }

    public bool HasLeft(int section, long student)
    {
        lock (gate) return sectionLeavers.TryGetValue(section, out var set) && set.Contains(student);
    }

    /// <summary>When a section's membership last changed (sections are keyed by -1 - index to share the map).</summary>
    public DateTimeOffset? SectionMembershipModifiedAt(int section) => ModifiedAt(-1 - section);

    private List<long> Joiners(int section)
    {
        if (!sectionJoiners.TryGetValue(section, out var list)) sectionJoiners[section] = list = [];
        return list;
    }
}
