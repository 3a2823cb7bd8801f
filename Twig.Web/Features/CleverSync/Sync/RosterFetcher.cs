using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Fetches every page of every collection a sync needs and validates each record as it arrives.
/// Any failure (after the client's retries) throws: a partial roster is never planned or applied.
/// </summary>
public sealed class RosterFetcher(CleverApiClient clever)
{
    private static readonly (string Role, PersonRoles Twig)[] UserRoles =
    [
        ("student", PersonRoles.Student),
        ("teacher", PersonRoles.Teacher),
        ("staff", PersonRoles.SchoolAdmin),
        ("district_admin", PersonRoles.DistrictAdmin),
    ];

    public async Task<CleverRoster> FetchAsync(string token, ISyncProgress progress, CancellationToken ct)
    {
        var roster = new CleverRoster();

        await progress.PhaseAsync(SyncPhase.FetchingSchools);
        await foreach (var school in clever.SchoolsAsync(token, progress.Fetched, ct)) AddSchool(roster, school);

        await progress.PhaseAsync(SyncPhase.FetchingPeople);
        var fetched = 0;
        foreach (var (role, twigRole) in UserRoles)
        {
            var before = fetched;
            await foreach (var user in clever.UsersAsync(token, role, n => progress.Fetched(before + n), ct))
            {
                fetched++;
                AddUser(roster, user, twigRole);
            }
        }

        await progress.PhaseAsync(SyncPhase.FetchingSections);
        await foreach (var section in clever.SectionsAsync(token, progress.Fetched, ct)) AddSection(roster, section);
        return roster;
    }

    private static void AddSchool(CleverRoster roster, CleverSchoolPayload school)
    {
        if (string.IsNullOrWhiteSpace(school.Id))
        {
            roster.Warn(RosterEntityType.School, null, "id", "A school without an id was skipped.");
            return;
        }
        if (string.IsNullOrWhiteSpace(school.Name))
        {
            roster.Skipped[RosterEntityType.School].Add(school.Id);
            roster.Warn(RosterEntityType.School, school.Id, "name", "School has no name; skipped, its existing copy is left as it is.");
            return;
        }
        if (!CleverLengths.IdFits(roster, RosterEntityType.School, school.Id)) return;
        const RosterEntityType type = RosterEntityType.School;
        roster.Schools[school.Id] = new SchoolRecord(school.Id,
            CleverLengths.Name(roster, type, school.Id, "name", school.Name.Trim(), Limits.SchoolName),
            CleverLengths.Optional(roster, type, school.Id, "sis_id", Clean(school.SisId), Limits.SchoolSisId),
            CleverLengths.Optional(roster, type, school.Id, "school_number", Clean(school.SchoolNumber), Limits.SchoolNumber),
            CleverLengths.Optional(roster, type, school.Id, "low_grade", Clean(school.LowGrade), Limits.SchoolGrade),
            CleverLengths.Optional(roster, type, school.Id, "high_grade", Clean(school.HighGrade), Limits.SchoolGrade));
    }

    private static void AddUser(CleverRoster roster, CleverUserPayload user, PersonRoles role)
    {
        if (string.IsNullOrWhiteSpace(user.Id))
        {
            roster.Warn(RosterEntityType.Person, null, "id", "A person without an id was skipped.");
            return;
        }
        var missing = string.IsNullOrWhiteSpace(user.Name?.First) ? "name.first" : string.IsNullOrWhiteSpace(user.Name?.Last) ? "name.last" : null;
        if (missing is not null)
        {
            if (roster.Skipped[RosterEntityType.Person].Add(user.Id))
                roster.Warn(RosterEntityType.Person, user.Id, missing, $"Person has no {(missing == "name.first" ? "first" : "last")} name; skipped, their existing copy is left as it is.");
            return;
        }

        const RosterEntityType type = RosterEntityType.Person;
        if (!roster.People.TryGetValue(user.Id, out var person))
        {
            if (!CleverLengths.IdFits(roster, type, user.Id)) return;
            person = new PersonRecord(user.Id)
            {
                FirstName = CleverLengths.Name(roster, type, user.Id, "name.first", user.Name!.First!.Trim(), Limits.FirstName),
                MiddleName = CleverLengths.Optional(roster, type, user.Id, "name.middle", Clean(user.Name.Middle), Limits.MiddleName),
                LastName = CleverLengths.Name(roster, type, user.Id, "name.last", user.Name.Last!.Trim(), Limits.LastName),
                Email = CleverLengths.Optional(roster, type, user.Id, "email", Clean(user.Email), Limits.Email),
            };
            roster.People[user.Id] = person;
        }
        person.Roles |= role;

        var details = role switch
        {
            PersonRoles.Student => user.Roles?.Student,
            PersonRoles.Teacher => user.Roles?.Teacher,
            PersonRoles.SchoolAdmin => user.Roles?.Staff,
            _ => user.Roles?.DistrictAdmin,
        };
        if (details is null) return;
        // Student identifiers win over teacher ones: they are what districts look students up by.
        var sisId = CleverLengths.Optional(roster, type, user.Id, "sis_id", Clean(details.SisId), Limits.PersonSisId);
        var stateId = CleverLengths.Optional(roster, type, user.Id, "state_id", Clean(details.StateId), Limits.StateId);
        if (role == PersonRoles.Student || person.SisId is null) person.SisId = sisId ?? person.SisId;
        if (role == PersonRoles.Student || person.StateId is null) person.StateId = stateId ?? person.StateId;
        if (role == PersonRoles.Student)
        {
            person.StudentNumber = CleverLengths.Optional(roster, type, user.Id, "student_number", Clean(details.StudentNumber), Limits.StudentNumber);
            person.Grade = CleverLengths.Optional(roster, type, user.Id, "grade", Clean(details.Grade), Limits.PersonGrade);
        }
        if (Clean(details.School) is { } primary) person.SchoolIds.Add(primary);
        foreach (var school in details.Schools ?? []) if (Clean(school) is { } id) person.SchoolIds.Add(id);
    }

    private static void AddSection(CleverRoster roster, CleverSectionPayload section)
    {
        if (string.IsNullOrWhiteSpace(section.Id))
        {
            roster.Warn(RosterEntityType.Section, null, "id", "A section without an id was skipped.");
            return;
        }
        if (string.IsNullOrWhiteSpace(section.Name))
        {
            roster.Skipped[RosterEntityType.Section].Add(section.Id);
            roster.Warn(RosterEntityType.Section, section.Id, "name", "Section has no name; skipped, its existing copy is left as it is.");
            return;
        }
        if (!CleverLengths.IdFits(roster, RosterEntityType.Section, section.Id)) return;
        const RosterEntityType type = RosterEntityType.Section;
        var teachers = new List<string>();
        if (Clean(section.Teacher) is { } primary) teachers.Add(primary);
        foreach (var teacher in section.Teachers ?? []) if (Clean(teacher) is { } id && !teachers.Contains(id)) teachers.Add(id);
        roster.Sections[section.Id] = new SectionRecord(section.Id, Clean(section.School),
            CleverLengths.Name(roster, type, section.Id, "name", section.Name.Trim(), Limits.SectionName),
            CleverLengths.Optional(roster, type, section.Id, "subject", Clean(section.Subject), Limits.Subject),
            CleverLengths.Optional(roster, type, section.Id, "grade", Clean(section.Grade), Limits.SectionGrade),
            CleverLengths.Optional(roster, type, section.Id, "period", Clean(section.Period), Limits.Period),
            CleverLengths.Optional(roster, type, section.Id, "sis_id", Clean(section.SisId), Limits.SectionSisId),
            teachers.Select(roster.SharedPersonId).ToArray(),
            (section.Students ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).Select(roster.SharedPersonId).ToArray());
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The column lengths the fetched values must fit, from the model.</summary>
    private static class Limits
    {
        public static readonly int SchoolName = ColumnLimits.Of<School>(nameof(School.Name));
        public static readonly int SchoolSisId = ColumnLimits.Of<School>(nameof(School.SisId));
        public static readonly int SchoolNumber = ColumnLimits.Of<School>(nameof(School.SchoolNumber));
        public static readonly int SchoolGrade = Math.Min(ColumnLimits.Of<School>(nameof(School.LowGrade)), ColumnLimits.Of<School>(nameof(School.HighGrade)));
        public static readonly int FirstName = ColumnLimits.Of<Person>(nameof(Person.FirstName));
        public static readonly int MiddleName = ColumnLimits.Of<Person>(nameof(Person.MiddleName));
        public static readonly int LastName = ColumnLimits.Of<Person>(nameof(Person.LastName));
        public static readonly int Email = Math.Min(ColumnLimits.Of<Person>(nameof(Person.Email)), ColumnLimits.Of<Person>(nameof(Person.NormalizedEmail)));
        public static readonly int PersonSisId = ColumnLimits.Of<Person>(nameof(Person.SisId));
        public static readonly int StateId = ColumnLimits.Of<Person>(nameof(Person.StateId));
        public static readonly int StudentNumber = ColumnLimits.Of<Person>(nameof(Person.StudentNumber));
        public static readonly int PersonGrade = ColumnLimits.Of<Person>(nameof(Person.Grade));
        public static readonly int SectionName = ColumnLimits.Of<Section>(nameof(Section.Name));
        public static readonly int Subject = ColumnLimits.Of<Section>(nameof(Section.Subject));
        public static readonly int SectionGrade = ColumnLimits.Of<Section>(nameof(Section.Grade));
        public static readonly int Period = ColumnLimits.Of<Section>(nameof(Section.Period));
        public static readonly int SectionSisId = ColumnLimits.Of<Section>(nameof(Section.SisId));
    }
}
