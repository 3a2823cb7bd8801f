using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>The last state of one record after a night of events: its last payload, and whether that was a delete.</summary>
public sealed record FoldedRecord<T>(T Last, bool Deleted);

/// <summary>The first event of the night about a section: its action, its object and the old members it names.</summary>
internal sealed record FirstSection(string Action, CleverSectionPayload Section, PreviousMembership? Previous);

/// <summary>
/// Everything a night of Clever events changed, one entry per record (last state wins), each section's members before the
/// night, and what was counted but not kept. Only the records Twig keeps are here: schools, users and sections.
/// </summary>
public sealed class CleverChangeSet
{
    public Dictionary<string, FoldedRecord<CleverSchoolPayload>> Schools { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FoldedRecord<CleverUserPayload>> Users { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FoldedRecord<CleverSectionPayload>> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A section's members before the night, as its first event tells; null for a section no event touched. Ids Twig holds
    /// are the strings of <paramref name="known"/> (Twig's index of people), when given.
    /// </summary>
    public MembersBefore? MembersBefore(string sectionId,
        Dictionary<string, IndexedRecord>.AlternateLookup<ReadOnlySpan<char>>? known = null) =>
        FirstSeen.TryGetValue(sectionId, out var first) ? SectionMembership.Before(first, known) : null;

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
/// A section's <c>students</c>, <c>teachers</c> and primary <c>teacher</c> before the night, from its first event: compared
/// with its last state, a student who joined and left again changes nothing.
/// </summary>
internal static class SectionMembership
{
    /// <summary>Before the night: nothing for a new section; the old values of what changed for an update; as it is otherwise.</summary>
    public static MembersBefore Before(FirstSection first, Dictionary<string, IndexedRecord>.AlternateLookup<ReadOnlySpan<char>>? known)
    {
        if (first.Action == "created") return new([], [], null);
        var previous = first.Action == "updated" ? first.Previous?.Read(first.Section.Students?.Count ?? 0, known) : null;
        // Only what the update did not change is taken from the object.
        var students = previous?.Students ?? Ids(first.Section.Students, 0);
        var primary = previous is { HasTeacher: true } ? previous.Value.Teacher : first.Section.Teacher;
        primary = string.IsNullOrWhiteSpace(primary) ? null : primary.Trim();
        // The old teachers (or the unchanged ones) plus the old primary teacher (or the unchanged one).
        var teachers = previous?.Teachers ?? Ids(first.Section.Teachers, 1);
        if (primary is not null) teachers.Add(primary);
        return new(students, teachers, primary);
    }

    /// <summary>The object's ids as a set, blank ones left out, sized for them and <paramref name="more"/>.</summary>
    private static HashSet<string> Ids(List<string>? ids, int more)
    {
        var set = new HashSet<string>((ids?.Count ?? 0) + more, StringComparer.Ordinal);
        foreach (var id in ids ?? [])
            if (!string.IsNullOrWhiteSpace(id)) set.Add(id);
        return set;
    }
}
