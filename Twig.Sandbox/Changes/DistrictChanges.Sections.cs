using Twig.Sandbox.Events;
using Twig.Sandbox.Generation;

namespace Twig.Sandbox.Changes;

/// <summary>Overnight changes of sections' members and teachers (<see cref="DistrictChanges"/>).</summary>
public sealed partial class DistrictChanges
{
    /// <summary>
    /// Names another teacher as the primary teacher (<c>teacher</c>) of <paramref name="count"/> co-taught sections: the
    /// second of their teachers, or the first again where it was swapped before. Their members stay as they are.
    /// </summary>
    public int SwapPrimaryTeachers(int count)
    {
        var change = Overrides.NextChange();
        int Index(long ordinal) => (int)(ordinal - Layout.StartOf(RecordKind.Section));
        var picked = Live(RecordKind.Section)
            .Where(o => roster.TeacherOrdinalsOfSection(Index(o)).Length >= 2)
            .OrderBy(o => DeterministicHash.Of(Layout.Seed, o, 8300 + change))
            .Take(count)
            .ToList();
        Recorded(picked, () => { foreach (var ordinal in picked) Overrides.SwapPrimary(Index(ordinal), Now); });
        return picked.Count;
    }

    /// <summary>Moves <paramref name="count"/> students to another section of the same period in their school.</summary>
    public int MoveStudents(int count)
    {
        var change = Overrides.NextChange();
        var candidates = Live(RecordKind.Student)
            .Where(o => o < Layout.BaseEnd && Overrides.MovedSections(o) is null)
            .Where(o => Layout.GroupsIn(Layout.SchoolOfStudent((int)(o - Layout.StartOf(RecordKind.Student)))) >= 2)
            .OrderBy(o => DeterministicHash.Of(Layout.Seed, o, 8000 + change))
            .Take(count)
            .ToList();
        var capture = new ChangeCapture(roster);
        foreach (var student in candidates)
        {
            var sections = roster.SectionIndexesOfStudent(student).ToArray();
            var period = DeterministicHash.Pick(Layout.Seed, student, 8100 + change, sections.Length);
            var from = sections[period];
            var school = Layout.SchoolOfSection(from);
            var groups = Layout.GroupsIn(school);
            var periodStart = Layout.FirstSectionOf(school) + period * groups;
            var to = periodStart + (from - periodStart + 1) % groups;
            sections[period] = to;
            capture.TouchWithDependents(student);
            capture.Touch(Layout.OrdinalOf(RecordKind.Section, to));
            Overrides.Move(student, from, to, sections, Now);
        }
        capture.Publish(events, Now);
        return candidates.Count;
    }
}
