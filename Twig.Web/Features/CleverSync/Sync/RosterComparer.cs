using System.Runtime.CompilerServices;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Compares each complete record with Twig's copy as it arrives: the record's hash against the one stored on its row.
/// An unchanged record is counted, marked seen on the index and dropped; only what differs goes into the change set.
/// The checks that warn about a record (unknown schools, people a section names but Clever did not share) run on every
/// record, changed or not, so every night's run reports them.
/// </summary>
public sealed class RosterComparer(RosterIndex twig, CleverChanges changes)
{
    public RosterIndex Twig => twig;
    public CleverChanges Changes => changes;

    /// <summary>A person once every listing that names them has been read.</summary>
    public void Person(PersonRecord person)
    {
        DropUnknownSchools(person);
        if (ActiveStudent.Takes(person.Roles) && !Shares(person.Id)) changes.Students++; // shared now: active after the sync
        ref var existing = ref RosterIndex.Find(twig.People, person.Id);
        if (!Unsafe.IsNullRef(ref existing))
        {
            var relisted = existing.Seen;
            existing.Seen = true;
            if (existing.IsActive && existing.Hash == RecordHashes.Of(person))
            {
                if (!relisted) changes.UnchangedPeople++;
                return;
            }
            // Listed again after an unchanged listing that was not kept (paging can): counted once, as changed.
            if (relisted) changes.UnchangedPeople--;
        }
        changes.People[person.Id] = person;
    }

    /// <summary>Whether Clever shared <paramref name="personId"/> completely in this fetch (every person comes before any
    /// section).</summary>
    public bool Shares(string personId)
    {
        if (changes.People.ContainsKey(personId)) return true;
        ref var existing = ref RosterIndex.Find(twig.People, personId);
        return !Unsafe.IsNullRef(ref existing) && existing.Seen;
    }

    private readonly Dictionary<string, IndexedRecord>.AlternateLookup<ReadOnlySpan<char>> _people =
        twig.People.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Events mode: the touched sections whose enrollments the stored hash vouches for (null in a full sync).</summary>
    public VerifiedMemberships? Verified { get; init; }

    /// <summary>
    /// Events mode: whether someone a section names, whom Twig never held, is kept as if Clever had sent them incompletely
    /// (events cannot tell them from someone Clever does not share; see EventChanges). Null in a full sync: a warning.
    /// </summary>
    public Func<string, bool>? KeepsUnknown { get; init; }

    /// <summary>
    /// A section with its teachers and students as Clever listed them (ids cleaned, without duplicates), and in events mode
    /// its members before the night.
    /// </summary>
    public void Section(SectionRecord section, List<string> teachers, HashSet<string> students, MembersBefore? before = null)
    {
        if (section.SchoolId is { } schoolId && !changes.Schools.ContainsKey(schoolId) && !HeldAsItIs(schoolId))
        {
            changes.Warn(RosterEntityType.Section, section.Id, "school",
                $"Refers to school {schoolId}, which Clever did not share; the section is kept without a school.");
            section = section with { SchoolId = null };
        }

        var membership = new MembershipHash();
        var delta = before is null ? null : new MembershipDeltaCheck(before);
        var forced = false;
        var shared = (Teachers: new List<string>(teachers.Count), Students: new List<string>(students.Count));
        List<(string, EnrollmentRole)>? kept = null;
        foreach (var teacher in teachers) Member(teacher, EnrollmentRole.Teacher, shared.Teachers);
        foreach (var student in students) Member(student, EnrollmentRole.Student, shared.Students);
        var wanted = shared.Teachers.Count + shared.Students.Count;

        ref var existing = ref RosterIndex.Find(twig.Sections, section.Id);
        MembershipDelta? verified = null;
        if (!Unsafe.IsNullRef(ref existing))
        {
            existing.Seen = true;
            var membershipChanged = forced || !existing.IsActive || existing.Membership != membership.Value;
            if (!membershipChanged)
            {
                // Twig holds exactly these enrollments, active: the hash was stored when they were applied.
                changes.UnchangedEnrollments += wanted;
                Vouch(existing.Id, wanted);
                if (existing.Hash == RecordHashes.Of(section))
                {
                    changes.UnchangedSections++;
                    return;
                }
                changes.Sections.Add(section with { MembershipHash = membership.Value, MembershipChanged = false });
                return;
            }
            if (existing is { IsActive: true, Membership: { } applied }
                && delta?.Verify(teachers, students, section.PrimaryTeacherId, applied) is { } found)
            {
                verified = found;
                var staying = wanted - found.Joined.Length;
                changes.UnchangedEnrollments += staying;
                Vouch(existing.Id, staying + found.Left.Length);
            }
        }
        changes.Sections.Add(section with
        {
            TeacherIds = [.. shared.Teachers],
            StudentIds = [.. shared.Students],
            Kept = kept?.ToArray() ?? [],
            MembershipHash = membership.Value,
            MembershipChanged = true,
            Delta = verified,
        });
        return;

        void Member(string personId, EnrollmentRole role, List<string> into)
        {
            // One lookup in the index for everything asked of a member: a section names a whole district's people.
            var indexed = _people.TryGetValue(personId, out var key, out var held);
            var primary = section.IsPrimary(personId, role);
            if (changes.People.TryGetValue(personId, out var listed) || indexed && held.Seen)
            {
                // The id instance the change set or the index already holds, not the page's copy: a district's 837,000
                // enrollments would otherwise each keep a string of their own.
                var id = listed?.Id ?? key!;
                into.Add(id);
                membership.Add(personId, role, kept: false, primary);
                // Someone Twig does not hold (yet) or holds inactive: their enrollments cannot be assumed in place.
                var active = indexed && held.IsActive;
                forced |= !active;
                delta?.Member(id, role, kept: false, active);
                return;
            }
            var skipped = changes.Skipped[RosterEntityType.Person];
            if (skipped.Contains(personId) || !indexed && KeepsUnknown?.Invoke(personId) == true && Keep(skipped, personId))
            {
                (kept ??= []).Add((personId, role));
                membership.Add(personId, role, kept: true, primary);
                delta?.Member(personId, role, kept: true, held: true);
                return;
            }
            changes.SkippedEnrollments++;
            changes.Warn(RosterEntityType.Enrollment, section.Id, role == EnrollmentRole.Student ? "students" : "teachers",
                $"Section lists {(role == EnrollmentRole.Student ? "student" : "teacher")} {personId}, whom Clever did not share; that " +
                    $"enrollment was skipped.");
        }

        // Kept members' enrollments keep their state (active or not), so a section with any is counted from the database.
        void Vouch(int sectionId, int activeEnrollments)
        {
            if (Verified is null || kept is not null) return;
            Verified.Sections.Add(sectionId);
            Verified.ActiveEnrollments += activeEnrollments;
        }
    }

    /// <summary>An unknown member is kept under their trimmed id; an id with spaces around it is still warned about.</summary>
    private static bool Keep(HashSet<string> skipped, string personId)
    {
        var trimmed = personId.Trim();
        skipped.Add(trimmed);
        return trimmed.Length == personId.Length;
    }

    private void DropUnknownSchools(PersonRecord person)
    {
        var allKnown = true;
        foreach (var school in person.SchoolIds) allKnown &= changes.Schools.ContainsKey(school) || HeldAsItIs(school);
        if (allKnown) return;
        foreach (var school in person.SchoolIds.ToList())
        {
            if (changes.Schools.ContainsKey(school) || HeldAsItIs(school)) continue;
            person.SchoolIds.Remove(school);
            changes.Warn(RosterEntityType.Person, person.Id, "schools",
                $"Refers to school {school}, which Clever did not share; that link was skipped.");
        }
    }

    /// <summary>
    /// A school Clever sent that Twig skipped (it has no name) and holds: its copy is left as it is, and so are the links of
    /// its people and sections to it.
    /// </summary>
    private bool HeldAsItIs(string school) => changes.Skipped[RosterEntityType.School].Contains(school) && twig.Schools.ContainsKey(school);
}
