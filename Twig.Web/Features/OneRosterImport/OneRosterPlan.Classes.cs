using Twig.Web.Data.Imports;
using Twig.Web.Domain;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>Classes and enrollments: the picture after the package, handed to the source-neutral <see cref="ClassPlan"/>.</summary>
public sealed partial class OneRosterPlan
{
    private void PlanClasses(OneRosterPackage package, OneRosterState state)
    {
        var classMode = package.ModeOf(OneRosterFiles.Classes);
        var enrollmentMode = package.ModeOf(OneRosterFiles.Enrollments);
        var existing = state.Classes;
        var schoolKeyOf = state.Schools.Values.ToDictionary(s => s.Id, s => s.ExternalId);

        // The classes after the package: a bulk file is the list; otherwise Twig's active classes with the file's changes.
        var classes =
            new Dictionary<string, (int Row, string Title, string School, string? Grade, string? Subject)>(StringComparer.Ordinal);
        // A class of a school the package closes closes with it, unless the package sends the class again (at another school).
        var closing = SchoolDeactivations.Select(s => s.Id).ToHashSet();
        var closedWithSchool = new List<string>();
        if (classMode != PackageFileMode.Bulk)
            foreach (var section in existing.Sections.Values)
                if (section.IsActive && section.SchoolId is { } id && schoolKeyOf.TryGetValue(id, out var key))
                {
                    if (closing.Contains(id)) closedWithSchool.Add(section.ExternalId);
                    else classes[section.ExternalId] = (0, section.Name, key, section.Grade, section.Subject);
                }
        foreach (var row in package.Classes)
        {
            if (row.Deleted) classes.Remove(row.SourcedId);
            else classes[row.SourcedId] = (row.Row, row.Title, row.SchoolSourcedId, row.Grade, row.Subject);
        }
        if (closedWithSchool.Count(id => !classes.ContainsKey(id)) is > 0 and var closed)
            Warnings.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Classes, null, "schoolSourcedId",
                $"{closed:N0} classes of schools this package closes (tobedeleted in orgs.csv) were closed with them."));

        var enrollments = EnrollmentsAfter(package, existing, enrollmentMode);
        var primaries = PrimariesAfter(package, existing, enrollmentMode);

        // Enrollments of people or classes that are gone after the package go with them (never an error: the package said so).
        var dropped = 0;
        var teachers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var students = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var leads = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in enrollments)
        {
            if (!classes.ContainsKey(key.ClassId) || !_activeAfter.ContainsKey(key.PersonId)) { dropped++; continue; }
            var map = key.Role == EnrollmentRole.Teacher ? teachers : students;
            if (!map.TryGetValue(key.ClassId, out var list)) map[key.ClassId] = list = [];
            list.Add(key.PersonId);
            if (key.Role != EnrollmentRole.Teacher || !primaries.Contains(key)) continue;
            if (!leads.TryGetValue(key.ClassId, out var primary)) leads[key.ClassId] = primary = [];
            primary.Add(key.PersonId);
        }
        if (dropped > 0 && enrollmentMode != PackageFileMode.Absent)
            Warnings.Add(new PackageIssue(IssueSeverity.Warning, OneRosterFiles.Enrollments, null, null,
                $"{dropped:N0} enrollments of people who are disabled or removed (or of removed classes) were left out."));

        var rows = classes.Select(c => new ClassRow
        {
            Row = c.Value.Row,
            ClassId = c.Key,
            Name = c.Value.Title,
            School = c.Value.School,
            Grade = c.Value.Grade,
            Subject = c.Value.Subject,
            TeacherIds = teachers.GetValueOrDefault(c.Key) ?? [],
            StudentIds = students.GetValueOrDefault(c.Key) ?? [],
            PrimaryTeacherIds = leads.GetValueOrDefault(c.Key) ?? [],
        }).ToList();
        var schools = new Dictionary<string, int>(StringComparer.Ordinal);
        var deactivated = SchoolDeactivations.Select(s => s.ExternalId).ToHashSet(StringComparer.Ordinal);
        foreach (var school in state.Schools.Values)
            if ((school.IsActive || SchoolUpdates.Any(u => u.Existing.Id == school.Id)) && !deactivated.Contains(school.ExternalId))
                schools[school.ExternalId] = school.Id;
        var input = new ClassPlanInput
        {
            Existing = existing,
            People = _activeAfter,
            Schools = schools,
            NewSchools = SchoolCreates.Select(s => s.SourcedId).ToHashSet(StringComparer.Ordinal),
            SchoolKey = key => key,
            FileName = OneRosterFiles.Classes,
            PeopleFileName = OneRosterFiles.Users,
            SchoolColumn = "schoolSourcedId",
            TeacherColumn = "userSourcedId",
            StudentColumn = "userSourcedId",
        };
        Classes = ClassPlan.Build(rows, [], input);
        foreach (var error in Classes.Errors)
            Errors.Add(new PackageIssue(IssueSeverity.Error, error.File ?? OneRosterFiles.Classes, error.Row, error.Column, error.Message));
    }

    /// <summary>
    /// The teacher enrollments marked primary after the package: a bulk file's marks; otherwise Twig's marks with the file's
    /// changes (a delta row of a teacher sets or clears the mark, a deleted one clears it).
    /// </summary>
    private static HashSet<EnrollmentKey> PrimariesAfter(OneRosterPackage package, ClassState existing, PackageFileMode mode)
    {
        var primaries = new HashSet<EnrollmentKey>();
        if (mode != PackageFileMode.Bulk)
            foreach (var (key, enrollment) in existing.Enrollments)
                if (enrollment.IsActive && enrollment.IsPrimary) primaries.Add(key);
        foreach (var row in DeletionsFirst(package.Enrollments))
        {
            if (row.Role != EnrollmentRole.Teacher) continue;
            var key = new EnrollmentKey(row.ClassSourcedId, row.UserSourcedId, row.Role);
            if (row.Primary && !row.Deleted) primaries.Add(key);
            else primaries.Remove(key);
        }
        return primaries;
    }

    /// <summary>
    /// The (class, person, role) keys after the package. A bulk file without deletions is the list itself (the reader keeps
    /// each pair once), in file order: no set of 400,000 keys is built for the common full snapshot.
    /// </summary>
    private static IEnumerable<EnrollmentKey> EnrollmentsAfter(OneRosterPackage package, ClassState existing, PackageFileMode mode)
    {
        if (mode == PackageFileMode.Bulk && !package.Enrollments.Any(e => e.Deleted))
            return package.Enrollments.Select(e => new EnrollmentKey(e.ClassSourcedId, e.UserSourcedId, e.Role));
        var enrollments = new HashSet<EnrollmentKey>();
        if (mode != PackageFileMode.Bulk)
            foreach (var (key, enrollment) in existing.Enrollments)
                if (enrollment.IsActive) enrollments.Add(key);
        foreach (var row in DeletionsFirst(package.Enrollments))
        {
            var key = new EnrollmentKey(row.ClassSourcedId, row.UserSourcedId, row.Role);
            if (row.Deleted) enrollments.Remove(key);
            else enrollments.Add(key);
        }
        return enrollments;
    }

    /// <summary>
    /// Deleted rows before the others: Twig keeps one enrollment per (class, person, role), and a package may end one term's
    /// row of a pair (tobedeleted) while another row keeps the person in the class, in either order.
    /// </summary>
    private static IEnumerable<OrEnrollment> DeletionsFirst(IReadOnlyList<OrEnrollment> rows) =>
        rows.Where(r => r.Deleted).Concat(rows.Where(r => !r.Deleted));
}
