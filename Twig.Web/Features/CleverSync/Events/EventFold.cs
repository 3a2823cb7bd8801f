using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Events;

/// <summary>The last state of one record after a night of events: its last payload, and whether that was a delete.</summary>
public sealed record FoldedRecord<T>(T Last, bool Deleted);

/// <summary>A net membership change of a section: someone joined or left it, as a student or a teacher.</summary>
public sealed record EnrollmentChange(string SectionId, string PersonId, bool AsTeacher, bool Joined);

/// <summary>
/// Everything a night of Clever events changed, one entry per record (last state wins), plus the net enrollment
/// changes of sections and what was counted but not kept. Only the records Twig keeps are here: schools, users and sections.
/// </summary>
public sealed class CleverChangeSet
{
    public Dictionary<string, FoldedRecord<CleverSchoolPayload>> Schools { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FoldedRecord<CleverUserPayload>> Users { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, FoldedRecord<CleverSectionPayload>> Sections { get; } = new(StringComparer.Ordinal);
    public List<EnrollmentChange> Enrollments { get; } = [];

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
}

/// <summary>
/// Folds Clever events, oldest first, into one change per record: created and updated keep the new object, deleted
/// keeps the last snapshot and marks it gone, and a later event replaces an earlier one. Processing is idempotent:
/// folding the same events twice gives the same change set. A section's <c>students</c> and <c>teachers</c> are compared
/// between the first state the night saw and the last, so a student who joined and left again changes nothing.
/// </summary>
public static class EventFold
{
    private static readonly HashSet<string> KnownButNotKept = new(StringComparer.Ordinal) { "districts", "terms", "courses", "resources" };
    private static readonly HashSet<string> Actions = new(StringComparer.Ordinal) { "created", "updated", "deleted" };

    public static async Task<CleverChangeSet> FoldAsync(IAsyncEnumerable<CleverEventPayload> events, CancellationToken ct)
    {
        var fold = new Folding();
        await foreach (var e in events.WithCancellation(ct)) fold.Add(e);
        return fold.Finish();
    }

    public static CleverChangeSet Fold(IEnumerable<CleverEventPayload> events)
    {
        var fold = new Folding();
        foreach (var e in events) fold.Add(e);
        return fold.Finish();
    }

    private sealed class Folding
    {
        private readonly CleverChangeSet set = new();
        // Each section's membership as the night first saw it, and as it last stood.
        private readonly Dictionary<string, (HashSet<string> Students, HashSet<string> Teachers)> first = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (HashSet<string> Students, HashSet<string> Teachers)> last = new(StringComparer.Ordinal);

        public void Add(CleverEventPayload e)
        {
            set.EventsRead++;
            if (e.Id is { } id) set.LastEventId = id;
            var dot = e.Type?.IndexOf('.', StringComparison.Ordinal) ?? -1;
            if (e.Type is null || dot <= 0 || !Actions.Contains(e.Type[(dot + 1)..]))
            {
                Unknown(e.Type ?? "(no type)");
                return;
            }
            var collection = e.Type[..dot];
            var action = e.Type[(dot + 1)..];
            if (KnownButNotKept.Contains(collection))
            {
                set.Ignored++;
                return;
            }
            // The page parser has usually read the object as its payload already; otherwise it is read from raw JSON here.
            var record = e.Data?.Record;
            var json = record is null ? e.Data?.Object ?? default : default;
            if (record is null && json.ValueKind != JsonValueKind.Object)
            {
                set.Unreadable++;
                return;
            }
            var deleted = action == "deleted";
            switch (collection)
            {
                case "users" when (record as CleverUserPayload
                    ?? Read(json, CleverEventsJson.Default.CleverUserPayload)) is { Id: { } userId } user:
                    set.Users[userId] = new FoldedRecord<CleverUserPayload>(user, deleted);
                    break;
                case "schools" when (record as CleverSchoolPayload
                    ?? Read(json, CleverEventsJson.Default.CleverSchoolPayload)) is { Id: { } schoolId } school:
                    set.Schools[schoolId] = new FoldedRecord<CleverSchoolPayload>(school, deleted);
                    break;
                case "sections" when (record as CleverSectionPayload
                    ?? Read(json, CleverEventsJson.Default.CleverSectionPayload)) is { Id: { } sectionId } section:
                    set.Sections[sectionId] = new FoldedRecord<CleverSectionPayload>(section, deleted);
                    Membership(sectionId, section, action, e.Data?.PreviousAttributes);
                    break;
                case "users" or "schools" or "sections":
                    set.Unreadable++;
                    break;
                default:
                    Unknown(e.Type);
                    break;
            }
        }

        public CleverChangeSet Finish()
        {
            foreach (var (sectionId, (students, teachers)) in last)
            {
                var (firstStudents, firstTeachers) = first[sectionId];
                Changes(sectionId, firstStudents, students, asTeacher: false);
                Changes(sectionId, firstTeachers, teachers, asTeacher: true);
            }
            return set;
        }

        private static T? Read<T>(JsonElement json, JsonTypeInfo<T> typeInfo) where T : class =>
            json.ValueKind == JsonValueKind.Object ? json.Deserialize(typeInfo) : null;

        private void Unknown(string type) => set.UnknownTypes[type] = set.UnknownTypes.GetValueOrDefault(type) + 1;

        private void Membership(string sectionId, CleverSectionPayload section, string action, JsonElement? previous)
        {
            var students = Ids(section.Students);
            var teachers = Ids(section.Teachers);
            if (section.Teacher is { Length: > 0 } primary) teachers.Add(primary);
            if (!first.ContainsKey(sectionId))
            {
                // Before the night: nothing for a new section; the old values of what changed for an update; as it is otherwise.
                first[sectionId] = action switch
                {
                    "created" => ([], []),
                    "updated" => (Old(previous, "students") ?? students, Old(previous, "teachers") is { } oldTeachers
                        ? Primary(oldTeachers, previous, section.Teacher) : teachers),
                    _ => (students, teachers),
                };
            }
            last[sectionId] = action == "deleted" ? ([], []) : (students, teachers);
        }

        /// <summary>The old teachers plus the old primary teacher (or the unchanged one).</summary>
        private static HashSet<string> Primary(HashSet<string> oldTeachers, JsonElement? previous, string? currentPrimary)
        {
            if (previous is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("teacher", out var old))
            {
                if (old.ValueKind == JsonValueKind.String && old.GetString() is { Length: > 0 } oldPrimary) oldTeachers.Add(oldPrimary);
            }
            else if (currentPrimary is { Length: > 0 }) oldTeachers.Add(currentPrimary);
            return oldTeachers;
        }

        private static HashSet<string>? Old(JsonElement? previous, string field)
        {
            if (previous is not { ValueKind: JsonValueKind.Object } p || !p.TryGetProperty(field, out var old)) return null;
            return old.ValueKind == JsonValueKind.Array
                ? old.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(v => v.Length > 0)
                .ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
        }

        private static HashSet<string> Ids(IEnumerable<string>? ids) =>
            (ids ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).ToHashSet(StringComparer.Ordinal);

        private void Changes(string sectionId, HashSet<string> before, HashSet<string> after, bool asTeacher)
        {
            foreach (var left in before.Where(p => !after.Contains(p)).Order(StringComparer.Ordinal))
                set.Enrollments.Add(new EnrollmentChange(sectionId, left, asTeacher, Joined: false));
            foreach (var joined in after.Where(p => !before.Contains(p)).Order(StringComparer.Ordinal))
                set.Enrollments.Add(new EnrollmentChange(sectionId, joined, asTeacher, Joined: true));
        }
    }
}
