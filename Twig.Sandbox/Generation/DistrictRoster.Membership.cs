namespace Twig.Sandbox.Generation;

// Who belongs where. Both directions (student → sections, section → students) come from the same
// arithmetic rule in DistrictLayout, corrected by the overnight-change overrides, so they always agree.
public sealed partial class DistrictRoster
{
    private int IndexOf(long ordinal, RecordKind kind) => (int)(ordinal - layout.StartOf(kind));

    /// <summary>Whether a base student also attends the next school (about one in forty).</summary>
    private bool AttendsSecondSchool(long ordinal) => layout.Schools > 1 && Pick(ordinal, 11, 40) == 0;

    private bool TeachesAtSecondSchool(int teacher) => layout.Schools > 1 && teacher % 25 == 0;

    /// <summary>Schools of a person, primary first, without removed schools.</summary>
    internal int[] SchoolIndexesOf(long ordinal, RecordKind kind)
    {
        int[] schools;
        if (ordinal >= layout.BaseEnd)
        {
            schools = [overrides.Added(ordinal)!.School];
        }
        else
        {
            var index = IndexOf(ordinal, kind);
            schools = kind switch
            {
                RecordKind.Student => AttendsSecondSchool(ordinal)
                    ? [layout.SchoolOfStudent(index), (layout.SchoolOfStudent(index) + 1) % layout.Schools]
                    : [layout.SchoolOfStudent(index)],
                RecordKind.Teacher => TeachesAtSecondSchool(index)
                    ? [layout.SchoolOfTeacher(index), (layout.SchoolOfTeacher(index) + 1) % layout.Schools]
                    : [layout.SchoolOfTeacher(index)],
                RecordKind.Staff => [layout.SchoolOfStaff(index)],
                RecordKind.DistrictAdmin => [0],
                _ => [],
            };
        }
        var live = schools.Where(s => IsActive(layout.OrdinalOf(RecordKind.School, s))).ToArray();
        return live.Length > 0 ? live : schools;
    }

    private int LocalIndexInSchool(long ordinal, int school) => IndexOf(ordinal, RecordKind.Student) - layout.FirstStudentOf(school);

    internal long[] TeacherOrdinalsOfSection(int section) =>
        layout.TeachersOfSection(section)
            .Select(t => layout.OrdinalOf(RecordKind.Teacher, t))
            .Where(IsActive)
            .ToArray();

    internal long[] StudentOrdinalsOfSection(int section)
    {
        var result = new List<long>(40);
        foreach (var student in layout.StudentsOfSection(section))
        {
            var ordinal = layout.OrdinalOf(RecordKind.Student, student);
            if (IsActive(ordinal) && !overrides.HasLeft(section, ordinal)) result.Add(ordinal);
        }
        foreach (var joiner in overrides.JoinersOf(section))
        {
            if (IsActive(joiner) && !result.Contains(joiner)) result.Add(joiner);
        }
        result.Sort();
        return [.. result];
    }

    /// <summary>The section indexes a student sits in (one per period), before filtering removed sections.</summary>
    internal int[] SectionIndexesOfStudent(long ordinal)
    {
        if (ordinal >= layout.BaseEnd) return overrides.Added(ordinal)!.Sections;
        if (overrides.MovedSections(ordinal) is { } moved) return moved;
        var index = IndexOf(ordinal, RecordKind.Student);
        var sections = new int[DistrictLayout.Periods];
        for (var p = 0; p < sections.Length; p++) sections[p] = layout.SectionOfStudent(index, p);
        return sections;
    }

    internal IEnumerable<int> SectionIndexesOfTeacher(long ordinal)
    {
        if (ordinal >= layout.BaseEnd) yield break;
        var teacher = IndexOf(ordinal, RecordKind.Teacher);
        var school = layout.SchoolOfTeacher(teacher);
        var first = layout.FirstSectionOf(school);
        for (var j = first; j < first + layout.SectionsIn(school); j++)
        {
            if (Array.IndexOf(layout.TeachersOfSection(j), teacher) >= 0) yield return j;
        }
    }

    /// <summary>Live sections of a user (student or teacher), in id order.</summary>
    internal long[] SectionOrdinalsOfUser(long ordinal, RecordKind kind)
    {
        var roles = RolesOf(ordinal, kind);
        var sections = new SortedSet<int>();
        if (roles.HasFlag(UserRoles.Student)) sections.UnionWith(SectionIndexesOfStudent(ordinal));
        if (roles.HasFlag(UserRoles.Teacher)) sections.UnionWith(SectionIndexesOfTeacher(ordinal));
        return sections.Select(j => layout.OrdinalOf(RecordKind.Section, j)).Where(IsActive).ToArray();
    }

    /// <summary>Contact c is the parent of student c × StudentsPerContact.</summary>
    internal long[] StudentOrdinalsOfContact(long ordinal)
    {
        if (ordinal >= layout.BaseEnd) return [];
        var contact = IndexOf(ordinal, RecordKind.Contact);
        return [layout.OrdinalOf(RecordKind.Student, contact * layout.StudentsPerContact)];
    }

    internal long[] ContactOrdinalsOfStudent(long ordinal)
    {
        if (ordinal >= layout.BaseEnd) return [];
        var student = IndexOf(ordinal, RecordKind.Student);
        var perContact = layout.StudentsPerContact;
        if (student % perContact != 0 || student / perContact >= layout.Contacts) return [];
        var contact = layout.OrdinalOf(RecordKind.Contact, student / perContact);
        return IsActive(contact) ? [contact] : [];
    }

    /// <summary>Teachers of a student's sections, or students of a teacher's sections / a contact's children.</summary>
    internal long[] RelatedPeople(long ordinal, RecordKind kind, UserRoles wanted)
    {
        var people = new SortedSet<long>();
        if (wanted == UserRoles.Contact) return ContactOrdinalsOfStudent(ordinal);
        if (kind == RecordKind.Contact && wanted == UserRoles.Student)
        {
            people.UnionWith(StudentOrdinalsOfContact(ordinal).Where(IsActive));
            return [.. people];
        }
        foreach (var section in SectionOrdinalsOfUser(ordinal, kind))
        {
            var j = IndexOf(section, RecordKind.Section);
            people.UnionWith(wanted == UserRoles.Teacher ? TeacherOrdinalsOfSection(j) : StudentOrdinalsOfSection(j));
        }
        people.Remove(ordinal);
        return [.. people];
    }

    internal long[] SectionOrdinalsOfSchool(int school)
    {
        var first = layout.FirstSectionOf(school);
        var result = new List<long>();
        for (var j = first; j < first + layout.SectionsIn(school); j++)
        {
            var ordinal = layout.OrdinalOf(RecordKind.Section, j);
            if (IsActive(ordinal)) result.Add(ordinal);
        }
        return [.. result];
    }

    /// <summary>Live users of a school holding a role (student, teacher or staff; None for all three).</summary>
    internal long[] UserOrdinalsOfSchool(int school, UserRoles role)
    {
        var result = new SortedSet<long>();
        var kinds = role == UserRoles.None
            ? [RecordKind.DistrictAdmin, RecordKind.Staff, RecordKind.Teacher, RecordKind.Student]
            : UserRoleNames.KindsHolding(role);
        foreach (var kind in kinds)
        {
            foreach (var ordinal in CandidatesAt(school, kind))
            {
                if (!IsActive(ordinal)) continue;
                var roles = RolesOf(ordinal, kind);
                if (role != UserRoles.None && (roles & role) == 0) continue;
                if (Array.IndexOf(SchoolIndexesOf(ordinal, kind), school) >= 0) result.Add(ordinal);
            }
        }
        return [.. result];
    }

    /// <summary>
    /// Everyone who might list a school among theirs, whether or not the school is live now (a removed school is left
    /// out of people's lists, so <see cref="UserOrdinalsOfSchool"/> cannot find who gets it back on a restore).
    /// </summary>
    internal IEnumerable<long> UserOrdinalsNearSchool(int school) =>
        new[] { RecordKind.DistrictAdmin, RecordKind.Staff, RecordKind.Teacher,
            RecordKind.Student }.SelectMany(kind => CandidatesAt(school, kind));

    /// <summary>People of a kind who might belong to a school: its own block, the block before it (second schools) and additions.</summary>
    private IEnumerable<long> CandidatesAt(int school, RecordKind kind)
    {
        var previous = (school - 1 + layout.Schools) % layout.Schools;
        switch (kind)
        {
            case RecordKind.Student:
                foreach (var s in new[] { school, previous }.Distinct())
                {
                    for (var i = 0; i < layout.StudentsIn(s); i++) yield return layout.OrdinalOf(kind, layout.FirstStudentOf(s) + i);
                }
                break;
            case RecordKind.Teacher:
                foreach (var s in new[] { school, previous }.Distinct())
                {
                    for (var i = 0; i < layout.TeachersIn(s); i++) yield return layout.OrdinalOf(kind, layout.FirstTeacherOf(s) + i);
                }
                break;
            case RecordKind.Staff:
                yield return layout.OrdinalOf(kind, 2 * school);
                yield return layout.OrdinalOf(kind, 2 * school + 1);
                break;
            case RecordKind.DistrictAdmin:
                if (school == 0) yield return layout.StartOf(kind);
                break;
        }
        foreach (var added in overrides.AddedOrdinals())
        {
            var record = overrides.Added(added)!;
            if (record.Kind == kind && record.School == school) yield return added;
        }
    }

    internal long[] TermOrdinals() =>
        Enumerable.Range(0, DistrictLayout.TermCount).Select(t => layout.OrdinalOf(RecordKind.Term, t)).ToArray();

    /// <summary>The courses a school's sections belong to (one subject per period, in the school's grade band).</summary>
    internal long[] CourseOrdinalsOfSchool(int school) =>
        Enumerable.Range(0, DistrictLayout.Periods)
            .Select(p => DistrictLayout.BandOf(school) * NameLists.CourseSubjects.Length + (p + school) % NameLists.CourseSubjects.Length)
            .Distinct()
            .Select(c => layout.OrdinalOf(RecordKind.Course, c))
            .Order()
            .ToArray();
}
