using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Clever;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Fetches every page of every collection a sync needs, validates each record as it arrives and hands it, complete, to
/// the <see cref="RosterComparer"/>, which keeps only what differs from Twig's copy. Any failure (after the client's
/// retries) throws: a partial change set is never planned or applied.
/// </summary>
public sealed class RosterFetcher(CleverApiClient clever)
{
    /// <summary>
    /// Students come last: a person listed under several roles is complete only once every listing is read, and the few
    /// thousand staff are held until then, while each of the hundreds of thousands of students (almost all listed once)
    /// is compared as soon as it arrives. The order of the other roles is the order their identifiers win in.
    /// </summary>
    private static readonly (string Role, PersonRoles Twig)[] UserRoles =
    [
        ("teacher", PersonRoles.Teacher),
        ("staff", PersonRoles.SchoolAdmin),
        ("district_admin", PersonRoles.DistrictAdmin),
        ("student", PersonRoles.Student),
    ];

    /// <param name="twig">Twig's copy, loading meanwhile; needed once the schools are read.</param>
    public async Task<CleverChanges> FetchAsync(string token, Task<RosterIndex> twig, ISyncProgress progress, CancellationToken ct)
    {
        var changes = new CleverChanges();

        await progress.PhaseAsync(SyncPhase.FetchingSchools);
        await foreach (var page in clever.PagesAsync(token, CleverApiClient.SchoolsPath, progress.Fetched, ct))
            for (var i = 0; i < page.Count; i++) AddSchool(changes, CleverApiClient.Read(page.Record(i), CleverJson.Default.CleverSchoolPayload));

        var index = await twig;
        index.ResetSeen();
        var compare = new RosterComparer(index, changes);
        await progress.PhaseAsync(SyncPhase.FetchingPeople);
        var fetched = 0;
        var staff = new Dictionary<string, PersonRecord>(StringComparer.Ordinal);
        var streamed = new StreamedRecords(compare, staff);
        foreach (var (role, twigRole) in UserRoles)
        {
            var before = fetched;
            await foreach (var page in clever.PagesAsync(token, CleverApiClient.UsersPath(role), n => progress.Fetched(before + n), ct))
            {
                fetched += page.Count;
                Users(page, twigRole, changes, compare, staff, streamed);
            }
        }
        foreach (var person in staff.Values) compare.Person(person);

        await progress.PhaseAsync(SyncPhase.FetchingSections);
        await foreach (var page in clever.PagesAsync(token, CleverApiClient.SectionsPath, progress.Fetched, ct))
            for (var i = 0; i < page.Count; i++)
                if (!streamed.Section(page.Record(i)))
                    AddSection(changes, compare, CleverApiClient.Read(page.Record(i), CleverJson.Default.CleverSectionPayload));
        return changes;
    }

    /// <summary>
    /// One page of a role's listings. Student listings take the streamed path (<see cref="StreamedRecords"/>); what it
    /// leaves, and every other role, is deserialised (source-generated) and added as before.
    /// </summary>
    private static void Users(CleverPageBuffer page, PersonRoles twigRole, CleverChanges changes, RosterComparer compare,
        Dictionary<string, PersonRecord> staff, StreamedRecords streamed)
    {
        for (var i = 0; i < page.Count; i++)
        {
            if (twigRole == PersonRoles.Student && streamed.Student(page.Record(i))) continue;
            var user = CleverApiClient.Read(page.Record(i), CleverJson.Default.CleverUserPayload);
            if (twigRole != PersonRoles.Student || string.IsNullOrWhiteSpace(user.Id) || staff.ContainsKey(user.Id))
                AddUser(changes, staff, user, twigRole);
            else if (changes.People.ContainsKey(user.Id))
                AddUser(changes, changes.People, user, twigRole); // listed twice (paging can): merged like a multi-role person
            else if (AddUser(changes, null, user, twigRole) is { } student)
                compare.Person(student);
        }
    }

    private static void AddSchool(CleverChanges roster, CleverSchoolPayload school)
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
    private static PersonRecord? AddUser(CleverChanges roster, Dictionary<string, PersonRecord>? people, CleverUserPayload user, PersonRoles role)
    {
        if (string.IsNullOrWhiteSpace(user.Id))
        {
            roster.Warn(RosterEntityType.Person, null, "id", "A person without an id was skipped.");
            return null;
        }
        var missing = string.IsNullOrWhiteSpace(user.Name?.First) ? "name.first" : string.IsNullOrWhiteSpace(user.Name?.Last) ? "name.last" : null;
        if (missing is not null)
        {
            if (roster.Skipped[RosterEntityType.Person].Add(user.Id))
                roster.Warn(RosterEntityType.Person, user.Id, missing, $"Person has no {(missing == "name.first" ? "first" : "last")} name; skipped, their existing copy is left as it is.");
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

        var details = role switch
        {
            PersonRoles.Student => user.Roles?.Student,
            PersonRoles.Teacher => user.Roles?.Teacher,
            PersonRoles.SchoolAdmin => user.Roles?.Staff,
            _ => user.Roles?.DistrictAdmin,
        };
        if (details is null) return person;
        // Student identifiers win over teacher ones: they are what districts look students up by.
        var sisId = CleverLengths.Optional(roster, type, user.Id, "sis_id", Clean(details.SisId), FetchLimits.PersonSisId);
        var stateId = CleverLengths.Optional(roster, type, user.Id, "state_id", Clean(details.StateId), FetchLimits.StateId);
        if (role == PersonRoles.Student || person.SisId is null) person.SisId = sisId ?? person.SisId;
        if (role == PersonRoles.Student || person.StateId is null) person.StateId = stateId ?? person.StateId;
        if (role == PersonRoles.Student)
        {
            person.StudentNumber = CleverLengths.Optional(roster, type, user.Id, "student_number", Clean(details.StudentNumber), FetchLimits.StudentNumber);
            person.Grade = CleverLengths.Optional(roster, type, user.Id, "grade", Clean(details.Grade), FetchLimits.PersonGrade);
        }
        if (Clean(details.School) is { } primary) person.SchoolIds.Add(primary);
        foreach (var school in details.Schools ?? []) if (Clean(school) is { } id) person.SchoolIds.Add(id);
        return person;
    }

    private static void AddSection(CleverChanges roster, RosterComparer compare, CleverSectionPayload section)
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
        var record = new SectionRecord(section.Id, Clean(section.School),
            CleverLengths.Name(roster, type, section.Id, "name", section.Name.Trim(), FetchLimits.SectionName),
            CleverLengths.Optional(roster, type, section.Id, "subject", Clean(section.Subject), FetchLimits.Subject),
            CleverLengths.Optional(roster, type, section.Id, "grade", Clean(section.Grade), FetchLimits.SectionGrade),
            CleverLengths.Optional(roster, type, section.Id, "period", Clean(section.Period), FetchLimits.Period),
            CleverLengths.Optional(roster, type, section.Id, "sis_id", Clean(section.SisId), FetchLimits.SectionSisId),
            [], []);
        compare.Section(record, teachers, (section.Students ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
