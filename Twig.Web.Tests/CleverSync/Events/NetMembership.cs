using Twig.Web.Features.CleverSync.Events;

namespace Twig.Web.Tests.CleverSync.Events;

/// <summary>A net membership change of a section over a night: someone joined or left it, as a student or a teacher.</summary>
public sealed record EnrollmentChange(string SectionId, string PersonId, bool AsTeacher, bool Joined);

/// <summary>
/// The night's net enrollment changes, from what the fold keeps for the sync: each section's members before the night
/// (<see cref="CleverChangeSet.MembersBefore"/>) against its last state.
/// </summary>
public static class NetMembership
{
    public static List<EnrollmentChange> Of(CleverChangeSet night)
    {
        var changes = new List<EnrollmentChange>();
        foreach (var (sectionId, section) in night.Sections)
        {
            var before = night.MembersBefore(sectionId)!;
            var last = section.Last;
            var students = section.Deleted ? [] : Ids(last.Students ?? []);
            var teachers = section.Deleted ? [] : Ids((last.Teachers ?? []).Append(last.Teacher ?? ""));
            Add(sectionId, before.Students, students, asTeacher: false);
            Add(sectionId, before.Teachers, teachers, asTeacher: true);
        }
        return changes;

        void Add(string sectionId, HashSet<string> before, HashSet<string> after, bool asTeacher)
        {
            foreach (var left in before.Where(p => !after.Contains(p)).Order(StringComparer.Ordinal))
                changes.Add(new EnrollmentChange(sectionId, left, asTeacher, Joined: false));
            foreach (var joined in after.Where(p => !before.Contains(p)).Order(StringComparer.Ordinal))
                changes.Add(new EnrollmentChange(sectionId, joined, asTeacher, Joined: true));
        }
    }

    private static HashSet<string> Ids(IEnumerable<string> ids) =>
        ids.Where(i => !string.IsNullOrWhiteSpace(i)).ToHashSet(StringComparer.Ordinal);
}
