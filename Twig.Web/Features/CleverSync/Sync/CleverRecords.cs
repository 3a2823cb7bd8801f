using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Clever's records checked and turned into Twig's: skipped with a warning when they lack an id or a name, lengths held
/// to the model's columns. The full sync's pages and the events of an events-mode night both go through here, so a record
/// reads the same whichever way it arrived.
/// </summary>
internal static class CleverRecords
{
    /// <summary>How a skipped record's warning ends: true on a first sync (no copy yet) as on any later one.</summary>
    private const string SkippedKeepsCopy = " (any copy Twig already holds is left as it is).";

    public static void School(CleverChanges roster, CleverSchoolPayload school)
    {
        if (string.IsNullOrWhiteSpace(school.Id))
        {
            roster.Warn(RosterEntityType.School, null, "id", "A school without an id was skipped.");
            return;
        }
        if (string.IsNullOrWhiteSpace(school.Name))
        {
            roster.Skipped[RosterEntityType.School].Add(school.Id);
            roster.Warn(RosterEntityType.School, school.Id, "name", "School has no name; skipped" + SkippedKeepsCopy);
            return;
        }
        if (!CleverLengths.IdFits(roster, RosterEntityType.School, school.Id)) return;
        const RosterEntityType type = RosterEntityType.School;
        roster.Schools[school.Id] = new SchoolRecord(school.Id,
            CleverLengths.Name(roster, type, school.Id, "name", school.Name.Trim(), FetchLimits.SchoolName),
            CleverLengths.Optional(roster, type, school.Id, "sis_id", Clean(school.SisId), FetchLimits.SchoolSisId),
            CleverLengths.Optional(roster, type, school.Id, "school_number", Clean(school.SchoolNumber), FetchLimits.SchoolNumber),
            CleverLengths.Optional(roster, type, school.Id, "low_grade", Clean(school.LowGrade), FetchLimits.SchoolGrade),
            CleverLengths.Optional(roster, type, school.Id, "high_grade", Clean(school.HighGrade), FetchLimits.SchoolGrade));
    }

    /// <summary>
    /// Adds one listing of a user: to its record in <paramref name="people"/> (created there if absent), or, without
    /// <paramref name="people"/>, to a new record of its own. Null when the listing was skipped.
    /// </summary>
    public static PersonRecord? Listing(CleverChanges roster, Dictionary<string, PersonRecord>? people, CleverUserPayload user,
        PersonRoles role)
    {
        if (string.IsNullOrWhiteSpace(user.Id))
        {
            roster.Warn(RosterEntityType.Person, null, "id", "A person without an id was skipped.");
            return null;
        }
        var missing = string.IsNullOrWhiteSpace(user.Name?.First) ? "name.first" : string.IsNullOrWhiteSpace(user.Name?.Last) ? "name.last"
            : null;
        if (missing is not null)
        {
            if (roster.Skipped[RosterEntityType.Person].Add(user.Id))
                roster.Warn(RosterEntityType.Person, user.Id, missing,
                    $"Person has no {(missing == "name.first" ? "first" : "last")} name; skipped{SkippedKeepsCopy}{WhoCleverSent(user, role)}");
            return null;
        }

        const RosterEntityType type = RosterEntityType.Person;
        PersonRecord? person = null;
        if (people?.TryGetValue(user.Id, out person) != true)
        {
            if (!CleverLengths.IdFits(roster, type, user.Id)) return null;
            person = new PersonRecord(user.Id)
            {
                FirstName = CleverLengths.Name(roster, type, user.Id, "name.first", user.Name!.First!.Trim(), FetchLimits.FirstName),
                MiddleName = CleverLengths.Optional(roster, type, user.Id, "name.middle", Clean(user.Name.Middle), FetchLimits.MiddleName),
                LastName = CleverLengths.Name(roster, type, user.Id, "name.last", user.Name.Last!.Trim(), FetchLimits.LastName),
                Email = CleverLengths.Optional(roster, type, user.Id, "email", Clean(user.Email), FetchLimits.Email),
            };
            if (people is not null) people[user.Id] = person;
        }
        person!.Roles |= role;

        if (Details(user, role) is not { } details) return person;
        // Student identifiers win over teacher ones: they are what districts look students up by.
        // Staff carry their SIS id as staff_id.
        var (sisField, sisValue) = role == PersonRoles.SchoolAdmin && details.SisId is null
            ? ("staff_id", details.StaffId)
            : ("sis_id", details.SisId);
        var sisId = CleverLengths.Optional(roster, type, user.Id, sisField, Clean(sisValue), FetchLimits.PersonSisId);
        var stateId = CleverLengths.Optional(roster, type, user.Id, "state_id", Clean(details.StateId), FetchLimits.StateId);
        if (role == PersonRoles.Student || person.SisId is null) person.SisId = sisId ?? person.SisId;
        if (role == PersonRoles.Student || person.StateId is null) person.StateId = stateId ?? person.StateId;
        if (role == PersonRoles.Student)
        {
            person.StudentNumber =
                CleverLengths.Optional(roster, type, user.Id, "student_number", Clean(details.StudentNumber), FetchLimits.StudentNumber);
            person.Grade = CleverLengths.Optional(roster, type, user.Id, "grade", Clean(details.Grade), FetchLimits.PersonGrade);
        }
        if (Clean(details.School) is { } primary) person.SchoolIds.Add(primary);
        foreach (var school in details.Schools ?? []) if (Clean(school) is { } id) person.SchoolIds.Add(id);
        return person;
    }

    /// <param name="before">Events mode: the section's members before the night, as its events say.</param>
    public static void Section(CleverChanges roster, RosterComparer compare, CleverSectionPayload section, MembersBefore? before = null)
    {
        if (string.IsNullOrWhiteSpace(section.Id))
        {
            roster.Warn(RosterEntityType.Section, null, "id", "A section without an id was skipped.");
            return;
        }
        if (string.IsNullOrWhiteSpace(section.Name))
        {
            roster.Skipped[RosterEntityType.Section].Add(section.Id);
            roster.Warn(RosterEntityType.Section, section.Id, "name", "Section has no name; skipped" + SkippedKeepsCopy);
            return;
        }
        if (!CleverLengths.IdFits(roster, RosterEntityType.Section, section.Id)) return;
        const RosterEntityType type = RosterEntityType.Section;
        var teachers = new List<string>();
        var primary = Clean(section.Teacher);
        if (primary is not null) teachers.Add(primary);
        foreach (var teacher in section.Teachers ?? []) if (Clean(teacher) is { } id && !teachers.Contains(id)) teachers.Add(id);
        var record = new SectionRecord
        {
            Id = section.Id,
            SchoolId = Clean(section.School),
            Name = CleverLengths.Name(roster, type, section.Id, "name", section.Name.Trim(), FetchLimits.SectionName),
            Subject = CleverLengths.Optional(roster, type, section.Id, "subject", Clean(section.Subject), FetchLimits.Subject),
            Grade = CleverLengths.Optional(roster, type, section.Id, "grade", Clean(section.Grade), FetchLimits.SectionGrade),
            Period = CleverLengths.Optional(roster, type, section.Id, "period", Clean(section.Period), FetchLimits.Period),
            SisId = CleverLengths.Optional(roster, type, section.Id, "sis_id", Clean(section.SisId), FetchLimits.SectionSisId),
            TeacherIds = [],
            StudentIds = [],
            PrimaryTeacherId = primary,
        };
        var students = new HashSet<string>(section.Students?.Count ?? 0, StringComparer.Ordinal);
        foreach (var student in section.Students ?? []) if (!string.IsNullOrWhiteSpace(student)) students.Add(student);
        compare.Section(record, teachers, students, before);
    }

    /// <summary>The listing of <paramref name="user"/> under one Twig role, when Clever lists them so.</summary>
    public static CleverRolePayload? Details(CleverUserPayload user, PersonRoles role) => role switch
    {
        PersonRoles.Student => user.Roles?.Student,
        PersonRoles.Teacher => user.Roles?.Teacher,
        PersonRoles.SchoolAdmin => user.Roles?.Staff,
        _ => user.Roles?.DistrictAdmin,
    };

    /// <summary>
    /// What Clever did send of a person it sent without a name, so the district can find them in its SIS: the role, the name
    /// that is there, and the student number or SIS id (" Clever sent: a student, first name “Ann”, student number 4471.").
    /// </summary>
    private static string WhoCleverSent(CleverUserPayload user, PersonRoles role)
    {
        var details = Details(user, role);
        var parts = new List<string>
        {
            role switch
            {
                PersonRoles.Student => "a student", PersonRoles.Teacher => "a teacher", PersonRoles.SchoolAdmin => "school staff",
                _ => "a district administrator",
            },
        };
        if (Clean(user.Name?.First) is { } first) parts.Add($"first name “{ColumnLimits.Clip(first, 40)}”");
        if (Clean(user.Name?.Last) is { } last) parts.Add($"last name “{ColumnLimits.Clip(last, 40)}”");
        if (Clean(details?.StudentNumber) is { } number) parts.Add($"student number {ColumnLimits.Clip(number, 40)}");
        else if (Clean(details?.SisId ?? details?.StaffId) is { } sis) parts.Add($"SIS id {ColumnLimits.Clip(sis, 40)}");
        return $" Clever sent: {string.Join(", ", parts)}.";
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
