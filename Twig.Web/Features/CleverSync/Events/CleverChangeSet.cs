using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>The last state of one record after a night of events: its last payload, and whether that was a delete.</summary>
public sealed record FoldedRecord<T>(T Last, bool Deleted);

/// <summary>A net membership change of a section: someone joined or left it, as a student or a teacher.</summary>
public sealed record EnrollmentChange(string SectionId, string PersonId, bool AsTeacher, bool Joined);

/// <summary>The first event of the night about a section: its action, its object and the old members it names.</summary>
internal sealed record FirstSection(string Action, CleverSectionPayload Section, PreviousMembership? Previous);

/// <summary>
/// Everything a night of Clever events changed, one entry per record (last state wins), plus the net enrollment
/// changes of sections and what was counted but not kept. Only the records Twig keeps are here: schools, users and sections.
/// </summary>
public sealed class CleverChangeSet
{
    private List<EnrollmentChange>? _enrollments;

    public Dictionary<string, FoldedRecord<CleverSchoolPayload>> Schools { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FoldedRecord<CleverUserPayload>> Users { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FoldedRecord<CleverSectionPayload>> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The net membership changes of the night's sections, worked out when first asked for: a sync does not ask (every
    /// section event carries its whole membership, which the comparer checks), so a night does not pay for them.
    /// </summary>
    public List<EnrollmentChange> Enrollments => _enrollments ??= SectionMembership.Changes(this);

    /// <summary>A section's members before the night, as its first event tells; null for a section no event touched.</summary>
    public MembersBefore? MembersBefore(string sectionId) =>
        FirstSeen.TryGetValue(sectionId, out var first) ? SectionMembership.Before(first) : null;

    /// <summary>The id of the last event read (of any type): where the next night starts.</summary>
    public string? LastEventId { get; set; }
    public int EventsRead { get; set; }
    /// <summary>Events of record types Twig does not keep (districts, terms, courses, resources): read, then ignored.</summary>
    public int Ignored { get; set; }
    /// <summary>Event types Twig does not know at all, with how many of each: counted and ignored.</summary>
    public Dictionary<string, int> UnknownTypes { get; } = new(StringComparer.Ordinal);
    /// <summary>Events without an id, a type or an object id: nothing can be folded from them.</summary>
    public int Unreadable { get; set; }

    public bool IsEmpty => Schools.Count == 0 && Users.Count == 0 && Sections.Count == 0;

    /// <summary>Each section's first event of the night, in the order the night first touched them.</summary>
    internal Dictionary<string, FirstSection> FirstSeen { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A section's <c>students</c> and <c>teachers</c> compared between the first state the night saw and the last, so a
/// student who joined and left again changes nothing.
/// </summary>
internal static class SectionMembership
{
    public static List<EnrollmentChange> Changes(CleverChangeSet night)
    {
        var changes = new List<EnrollmentChange>();
        foreach (var (sectionId, first) in night.FirstSeen)
        {
            var (firstStudents, firstTeachers) = Before(first);
            var last = night.Sections[sectionId];
            var (students, teachers) = last.Deleted ? ([], []) : Members(last.Last);
            Add(changes, sectionId, firstStudents, students, asTeacher: false);
            Add(changes, sectionId, firstTeachers, teachers, asTeacher: true);
        }
        return changes;
    }

    /// <summary>Before the night: nothing for a new section; the old values of what changed for an update; as it is otherwise.</summary>
    public static MembersBefore Before(FirstSection first)
    {
        if (first.Action == "created") return new([], []);
        var previous = first.Action == "updated" ? first.Previous?.Read() : null;
        // Only the lists the update did not change are taken from the object.
        var students = previous?.Students is { } s ? Old(s) : Ids(first.Section.Students);
        if (previous?.Teachers is not { } t) return new(students, Teachers(first.Section));
        // The old teachers plus the old primary teacher (or the unchanged one).
        var teachers = Old(t);
        var primary = previous.Value.HasTeacher ? previous.Value.Teacher : first.Section.Teacher;
        if (primary is { Length: > 0 }) teachers.Add(primary);
        return new(students, teachers);
    }

    private static (HashSet<string> Students, HashSet<string> Teachers) Members(CleverSectionPayload section) =>
        (Ids(section.Students), Teachers(section));

    private static HashSet<string> Teachers(CleverSectionPayload section)
    {
        var teachers = Ids(section.Teachers);
        if (section.Teacher is { Length: > 0 } primary) teachers.Add(primary);
        return teachers;
    }

    private static HashSet<string> Old(List<string> ids) => ids.Where(v => v.Length > 0).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> Ids(IEnumerable<string>? ids) =>
        (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).ToHashSet(StringComparer.Ordinal);

    private static void Add(List<EnrollmentChange> changes, string sectionId, HashSet<string> before, HashSet<string> after, bool asTeacher)
    {
        foreach (var left in before.Where(p => !after.Contains(p)).Order(StringComparer.Ordinal))
            changes.Add(new EnrollmentChange(sectionId, left, asTeacher, Joined: false));
        foreach (var joined in after.Where(p => !before.Contains(p)).Order(StringComparer.Ordinal))
            changes.Add(new EnrollmentChange(sectionId, joined, asTeacher, Joined: true));
    }
}
