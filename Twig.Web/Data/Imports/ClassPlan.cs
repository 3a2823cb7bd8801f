using Twig.Web.Domain;

namespace Twig.Web.Data.Imports;

public sealed record SectionChange(ExistingSection Existing, ClassRow Row, string SchoolKey, bool Reactivate);

public sealed record SectionCreate(ClassRow Row, string SchoolKey);

/// <summary>
/// Everything a class upload would do, computed in memory: sections to create, update (including reactivate) and
/// deactivate (a class missing from the file), and enrollments that follow the file exactly (added, brought back,
/// deactivated). Only the source's own sections and enrollments are ever part of it. Source-neutral: classes.csv and
/// OneRoster both build it from <see cref="ClassRow"/>s.
/// </summary>
public sealed class ClassPlan
{
    public RosterSource Source { get; private init; }
    public int DistrictId { get; private init; }
    public List<SectionCreate> Creates { get; } = [];
    public List<SectionChange> Updates { get; } = [];
    public List<ExistingSection> Deactivations { get; } = [];
    public int Unchanged { get; private set; }
    public List<EnrollmentKey> EnrollmentAdds { get; } = [];
    public List<int> EnrollmentReactivations { get; } = [];
    public List<int> EnrollmentDeactivations { get; } = [];
    /// <summary>The teacher enrollments the plan writes as primary (new ones are inserted so).</summary>
    public HashSet<EnrollmentKey> Primaries { get; } = [];
    /// <summary>Kept or returning enrollments whose primary mark changes: (id, primary after).</summary>
    public List<(int Id, bool IsPrimary)> PrimaryChanges { get; } = [];
    public int EnrollmentsInFile { get; private set; }
    public int ActiveClassesNow { get; private set; }
    public List<ImportIssue> Errors { get; } = [];
    public List<ImportIssue> Warnings { get; } = [];

    public int Reactivations => Updates.Count(u => u.Reactivate);
    public int EnrollmentsAdded => EnrollmentAdds.Count + EnrollmentReactivations.Count;
    public int EnrollmentsRemoved => EnrollmentDeactivations.Count;
    public int ActiveEnrollmentsNow { get; private set; }
    /// <summary>
    /// A full replace that deactivates more than the district's threshold of its active classes, or takes more than that share
    /// of its active class memberships away (a class report whose student column came out empty), waits for a confirmation of
    /// <see cref="ChangesToConfirm"/>.
    /// </summary>
    public bool NeedsDeactivationConfirmation(int thresholdPercent) =>
        District.ExceedsThreshold(Deactivations.Count, ActiveClassesNow, thresholdPercent)
        || District.ExceedsThreshold(MembershipsRemovedFromKeptClasses, ActiveEnrollmentsNow, thresholdPercent);

    /// <summary>Memberships taken away from classes the file keeps (those of a deactivated class go with it).</summary>
    public int MembershipsRemovedFromKeptClasses { get; private set; }

    /// <summary>The number a confirmation names: classes deactivated plus memberships removed from kept classes.</summary>
    public int ChangesToConfirm => Deactivations.Count + MembershipsRemovedFromKeptClasses;

    public bool ChangesNothing =>
        Creates.Count == 0 && Updates.Count == 0 && Deactivations.Count == 0 && EnrollmentsAdded == 0 && EnrollmentsRemoved == 0
        && PrimaryChanges.Count == 0;

    /// <summary>
    /// Plans <paramref name="rows"/> (valid rows only; <paramref name="fileIssues"/> are the reader's own problems, carried
    /// into <see cref="Errors"/> and <see cref="Warnings"/>) against <paramref name="input"/>.
    /// </summary>
    public static ClassPlan Build(IReadOnlyList<ClassRow> rows, IEnumerable<ImportIssue> fileIssues, ClassPlanInput input)
    {
        var existing = input.Existing;
        var plan = new ClassPlan { Source = existing.Source, DistrictId = existing.DistrictId };
        plan.ActiveClassesNow = existing.Sections.Values.Count(s => s.IsActive);
        plan.ActiveEnrollmentsNow = existing.Enrollments.Values.Count(e => e.IsActive);
        var inFile = new HashSet<string>(StringComparer.Ordinal);
        var wanted = new HashSet<EnrollmentKey>();
        ImportIssue Error(int row, string column, string message) => new(IssueSeverity.Error, row, column, message, input.FileName);

        foreach (var row in rows)
        {
            inFile.Add(row.ClassId);
            var before = plan.Errors.Count;
            var schoolKey = input.SchoolKey(row.School);
            var schoolKnown = input.Schools.TryGetValue(schoolKey, out var schoolId);
            if (!schoolKnown && !input.NewSchools.Contains(schoolKey))
                plan.Errors.Add(Error(row.Row, input.SchoolColumn,
                    $"{input.SchoolColumn} \"{row.School}\" is not an active school of the district. Check the spelling, " +
                    $"or name it in the school_names of someone in {input.PeopleFileName}."));

            foreach (var id in row.TeacherIds)
            {
                if (!input.People.TryGetValue(id, out var roles))
                    plan.Errors.Add(Error(row.Row, input.TeacherColumn,
                        $"{input.TeacherColumn} names \"{id}\", who is not an active person in {input.PeopleFileName}."));
                else if ((roles & (PersonRoles.Teacher | PersonRoles.SchoolAdmin | PersonRoles.DistrictAdmin)) == 0)
                    plan.Errors.Add(Error(row.Row, input.TeacherColumn, $"{input.TeacherColumn} names \"{id}\", who is a student in " +
                        $"{input.PeopleFileName}; a class's teachers must be teachers or administrators."));
            }
            foreach (var id in row.StudentIds)
            {
                if (!input.People.TryGetValue(id, out var roles))
                    plan.Errors.Add(Error(row.Row, input.StudentColumn,
                        $"{input.StudentColumn} names \"{id}\", who is not an active person in {input.PeopleFileName}."));
                else if ((roles & PersonRoles.Student) == 0)
                    plan.Errors.Add(Error(row.Row, input.StudentColumn,
                        $"{input.StudentColumn} names \"{id}\", who is not a student in {input.PeopleFileName}."));
            }
            if (plan.Errors.Count > before) continue;

            foreach (var id in row.TeacherIds) wanted.Add(new EnrollmentKey(row.ClassId, id, EnrollmentRole.Teacher));
            foreach (var id in row.PrimaryTeacherIds) plan.Primaries.Add(new EnrollmentKey(row.ClassId, id, EnrollmentRole.Teacher));
            foreach (var id in row.StudentIds) wanted.Add(new EnrollmentKey(row.ClassId, id, EnrollmentRole.Student));

            if (!existing.Sections.TryGetValue(row.ClassId, out var section))
            {
                plan.Creates.Add(new SectionCreate(row, schoolKey));
                continue;
            }
            var changed = section.Name != row.Name || section.Grade != row.Grade || section.Subject != row.Subject
                || !schoolKnown || section.SchoolId != schoolId;
            if (!section.IsActive) plan.Updates.Add(new SectionChange(section, row, schoolKey, Reactivate: true));
            else if (changed) plan.Updates.Add(new SectionChange(section, row, schoolKey, Reactivate: false));
            else plan.Unchanged++;
        }

        foreach (var section in existing.Sections.Values)
            if (section.IsActive && !inFile.Contains(section.ExternalId)) plan.Deactivations.Add(section);
        plan.Deactivations.Sort((a, b) => string.CompareOrdinal(a.ExternalId, b.ExternalId));

        // Enrollments follow the file exactly: wanted and missing → add (or bring back); present and not wanted → deactivate.
        plan.EnrollmentsInFile = wanted.Count;
        foreach (var key in wanted)
        {
            if (!existing.Enrollments.TryGetValue(key, out var enrollment)) { plan.EnrollmentAdds.Add(key); continue; }
            if (!enrollment.IsActive) plan.EnrollmentReactivations.Add(enrollment.Id);
            // Only teachers, and only when a source marks primaries (or an enrollment was marked before): classes.csv never has any.
            if (key.Role == EnrollmentRole.Teacher && (enrollment.IsPrimary || plan.Primaries.Count > 0))
            {
                var primary = plan.Primaries.Contains(key);
                if (primary != enrollment.IsPrimary) plan.PrimaryChanges.Add((enrollment.Id, primary));
            }
        }
        foreach (var (key, enrollment) in existing.Enrollments)
        {
            if (!enrollment.IsActive || wanted.Contains(key)) continue;
            plan.EnrollmentDeactivations.Add(enrollment.Id);
            if (inFile.Contains(key.ClassId)) plan.MembershipsRemovedFromKeptClasses++;
        }

        plan.Errors.InsertRange(0, fileIssues.Where(i => i.Severity == IssueSeverity.Error));
        plan.Errors.Sort((a, b) => (a.Row ?? 0).CompareTo(b.Row ?? 0));
        plan.Warnings.AddRange(fileIssues.Where(i => i.Severity == IssueSeverity.Warning));
        return plan;
    }
}
