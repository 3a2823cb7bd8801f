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
        roster.Schools[school.Id] = new SchoolRecord(school.Id, school.Name.Trim(), Clean(school.SisId), Clean(school.SchoolNumber), Clean(school.LowGrade), Clean(school.HighGrade));
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

        if (!roster.People.TryGetValue(user.Id, out var person))
        {
            person = new PersonRecord(user.Id)
            {
                FirstName = user.Name!.First!.Trim(),
                MiddleName = Clean(user.Name.Middle),
                LastName = user.Name.Last!.Trim(),
                Email = Clean(user.Email),
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
        if (role == PersonRoles.Student || person.SisId is null) person.SisId = Clean(details.SisId) ?? person.SisId;
        if (role == PersonRoles.Student || person.StateId is null) person.StateId = Clean(details.StateId) ?? person.StateId;
        if (role == PersonRoles.Student)
        {
            person.StudentNumber = Clean(details.StudentNumber);
            person.Grade = Clean(details.Grade);
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
        var teachers = new List<string>();
        if (Clean(section.Teacher) is { } primary) teachers.Add(primary);
        foreach (var teacher in section.Teachers ?? []) if (Clean(teacher) is { } id && !teachers.Contains(id)) teachers.Add(id);
        roster.Sections[section.Id] = new SectionRecord(section.Id, Clean(section.School), section.Name.Trim(), Clean(section.Subject),
            Clean(section.Grade), Clean(section.Period), Clean(section.SisId),
            teachers.Select(roster.SharedPersonId).ToArray(),
            (section.Students ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal).Select(roster.SharedPersonId).ToArray());
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
