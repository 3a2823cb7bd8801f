using System.Runtime.CompilerServices;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary><see cref="SyncPlanner"/>'s last step: which enrollments a run creates, reactivates, keeps and deactivates.</summary>
public static class EnrollmentPlanner
{
    /// <summary>
    /// New sections enroll everyone they list. Sections whose membership changed (and those deactivated) are compared with
    /// their enrollments in Twig, read for those sections only; the others' enrollments were counted unchanged already.
    /// </summary>
    public static async Task PlanAsync(CleverChanges clever, RosterIndex twig, SyncPlan plan, Dictionary<int, SectionRecord?> compare,
        RosterReader reader, TwigDb db, int districtId, CancellationToken ct)
    {
        var count = plan.Counts[RosterEntityType.Enrollment];
        foreach (var section in plan.SectionsToCreate)
        {
            foreach (var teacher in section.TeacherIds) Create(section, teacher, EnrollmentRole.Teacher);
            foreach (var student in section.StudentIds) Create(section, student, EnrollmentRole.Student);
        }
        if (compare.Count == 0) return;

        // What Clever lists for the compared sections, by Twig ids where Twig holds the person. Sized up front: on a 1 %
        // night half the district's sections can change membership, and growing a dictionary of hundreds of thousands of
        // entries step by step allocates (and collects) every smaller size on the way.
        var members = 0;
        foreach (var section in compare.Values)
            members += section is null ? 0 : section.Delta?.Joined.Length ?? section.TeacherIds.Length + section.StudentIds.Length;
        var wanted = new Dictionary<EnrollmentKey, EnrollmentRef>(members);
        // Members Clever sent incompletely, with the primary mark their section gives them.
        var kept = new Dictionary<EnrollmentKey, bool>();
        // Sections with a verified delta (events mode): only the enrollments of who joined and who left are read.
        var leaving = new HashSet<EnrollmentKey>();
        var pairs = new List<EnrollmentKey>();
        var whole = new List<int>(compare.Count);
        foreach (var (sectionId, section) in compare)
        {
            if (section?.Delta is { } delta)
            {
                Delta(sectionId, section, delta);
                continue;
            }
            whole.Add(sectionId);
            if (section is null) continue;
            foreach (var teacher in section.TeacherIds) Want(sectionId, section, teacher, EnrollmentRole.Teacher);
            foreach (var student in section.StudentIds) Want(sectionId, section, student, EnrollmentRole.Student);
            // Enrollments of people Clever sent incompletely keep their state, like the people themselves; the primary mark
            // is the section's to give (a complete record), so it follows Clever's teacher there too.
            foreach (var (personId, role) in section.Kept)
                if (PersonId(personId) is { } id) kept.TryAdd(new EnrollmentKey(sectionId, id, role), section.IsPrimary(personId, role));
        }

        plan.Timings.Mark("enrollments wanted", wanted.Count);
        var rowsRead = 0;
        var counted = await EnrollmentReads.ReadAsync(db, reader, districtId, twig.Sections.Count, whole, pairs, Row,
            () => count.Deactivated > 0, clever.Prefetch, ct, clever.ActiveEnrollmentsBefore);
        var active = counted ?? 0;
        plan.Timings.Mark("enrollments read", rowsRead);
        foreach (var (key, listed) in wanted)
        {
            plan.SectionIds[listed.SectionId] = key.SectionId;
            plan.PersonIds[listed.PersonId] = key.PersonId;
            plan.EnrollmentsToCreate.Add(listed);
            count.Created++;
        }
        plan.ActiveBefore[RosterEntityType.Enrollment] = active;
        plan.Timings.Mark("enrollments created", count.Created);
        return;

        void Create(SectionRecord section, string personId, EnrollmentRole role)
        {
            if (PersonId(personId) is { } id) plan.PersonIds[personId] = id;
            plan.EnrollmentsToCreate.Add(new EnrollmentRef(section.Id, personId, role, section.IsPrimary(personId, role)));
            count.Created++;
        }

        void Delta(int sectionId, SectionRecord section, MembershipDelta delta)
        {
            foreach (var (personId, role) in delta.Joined)
                if (Want(sectionId, section, personId, role) is { } key) pairs.Add(key);
            foreach (var (personId, role) in delta.Left)
                if (PersonId(personId) is { } id && leaving.Add(new EnrollmentKey(sectionId, id, role)))
                    pairs.Add(new EnrollmentKey(sectionId, id, role));
        }

        EnrollmentKey? Want(int sectionId, SectionRecord section, string personId, EnrollmentRole role)
        {
            var listed = new EnrollmentRef(section.Id, personId, role, section.IsPrimary(personId, role));
            if (PersonId(personId) is { } id)
            {
                var key = new EnrollmentKey(sectionId, id, role);
                return wanted.TryAdd(key, listed) ? key : null;
            }
            // Someone new: nothing of theirs exists yet.
            plan.SectionIds[section.Id] = sectionId;
            plan.EnrollmentsToCreate.Add(listed);
            count.Created++;
            return null;
        }

        // EnrollmentReads.Row's columns: Id, SectionId, PersonId, Role, IsActive, IsPrimary.
        void Row(ReadOnlySpan<long> v)
        {
            rowsRead++;
            var isActive = v[4] != 0;
            var key = new EnrollmentKey((int)v[1], (int)v[2], (EnrollmentRole)v[3]);
            if (!compare.TryGetValue(key.SectionId, out var section)) return;
            if (wanted.Remove(key, out var listed))
            {
                var marked = Mark(v, listed.IsPrimary);
                if (!isActive) { plan.EnrollmentsToReactivate.Add((int)v[0]); count.Reactivated++; }
                else if (marked) count.Updated++;
                else count.Unchanged++;
                return;
            }
            if (kept.TryGetValue(key, out var keptPrimary))
            {
                if (Mark(v, keptPrimary) && isActive) count.Updated++;
                return;
            }
            if (!isActive) return;
            // Someone who stays in a section with a delta: in place, and counted by the comparer.
            if (section?.Delta is not null && !leaving.Contains(key)) return;
            plan.Deactivations[RosterEntityType.Enrollment].Add((int)v[0]);
            count.Deactivated++;
        }

        // Whether the row's primary mark must change to the one its section gives it (then it is planned).
        bool Mark(ReadOnlySpan<long> v, bool primary)
        {
            if (primary == (v[5] != 0)) return false;
            plan.EnrollmentPrimaryMarks.Add(((int)v[0], primary));
            return true;
        }

        int? PersonId(string externalId)
        {
            ref var person = ref RosterIndex.Find(twig.People, externalId);
            return Unsafe.IsNullRef(ref person) ? null : person.Id;
        }
    }
}

public readonly record struct EnrollmentKey(int SectionId, int PersonId, EnrollmentRole Role);
