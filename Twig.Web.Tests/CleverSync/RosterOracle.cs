using Microsoft.EntityFrameworkCore;
using Twig.Sandbox;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// What Clever shares, seen from the sandbox's side: the valid people (id, first and last name present)
/// with the fields Twig keeps. Diffing two snapshots gives the counts a sync must report.
/// </summary>
public static class RosterOracle
{
    private static readonly string[] Roles = ["student", "teacher", "staff", "district_admin"];

    public static Dictionary<string, string> People(SandboxDistrict district)
    {
        var people = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var role in Roles)
            foreach (var user in district.Roster.Users(role))
                if (!string.IsNullOrWhiteSpace(user.Name.First) && !string.IsNullOrWhiteSpace(user.Name.Last))
                    people[user.Id] = $"{user.Name.First?.Trim()}|{user.Name.Middle}|{user.Name.Last?.Trim()}|{user.Email}";
        return people;
    }

    public static (int Created, int Updated, int Removed) Diff(Dictionary<string, string> before, Dictionary<string, string> after) =>
        (after.Keys.Count(k => !before.ContainsKey(k)),
         after.Count(kv => before.TryGetValue(kv.Key, out var old) && old != kv.Value),
         before.Keys.Count(k => !after.ContainsKey(k)));

    /// <summary>
    /// The enrollments Clever's sections make, as "section|person|role" ("|primary" after the primary teacher's): every named
    /// section's teachers (with its primary teacher) and students, for the people <see cref="People"/> holds (the others'
    /// enrollments keep their state in Twig).
    /// </summary>
    public static List<string> Enrollments(SandboxDistrict district)
    {
        var people = People(district);
        var enrollments = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var section in district.Roster.Sections().Where(s => !string.IsNullOrWhiteSpace(s.Name)))
        {
            foreach (var teacher in section.Teachers.Append(section.Teacher ?? "").Where(people.ContainsKey))
                enrollments.Add($"{section.Id}|{teacher}|{EnrollmentRole.Teacher}{(teacher == section.Teacher ? "|primary" : "")}");
            foreach (var student in section.Students.Where(people.ContainsKey))
                enrollments.Add($"{section.Id}|{student}|{EnrollmentRole.Student}");
        }
        return [.. enrollments];
    }

    /// <summary>Twig's active Clever enrollments of the sections and people <see cref="Enrollments"/> speaks of, the same way.</summary>
    public static async Task<List<string>> TwigEnrollmentsAsync(this SliceFixture fixture, int districtId, SandboxDistrict district)
    {
        var people = People(district);
        var sections = district.Roster.Sections().Where(s => !string.IsNullOrWhiteSpace(s.Name)).Select(s => s.Id).ToHashSet();
        var active = await fixture.ExecuteDbContextAsync(db => db.Enrollments.AsNoTracking()
            .Where(e => e.DistrictId == districtId && e.Source == RosterSource.Clever && e.IsActive)
            .Select(e => new { Section = e.Section!.ExternalId, Person = e.Person!.ExternalId, e.Role, e.IsPrimary }).ToListAsync());
        return [.. active.Where(e => sections.Contains(e.Section) && people.ContainsKey(e.Person))
            .Select(e => $"{e.Section}|{e.Person}|{e.Role}{(e.IsPrimary ? "|primary" : "")}").Order(StringComparer.Ordinal)];
    }

    /// <summary>Twig's copy of the district's Clever people: id → active.</summary>
    public static Task<Dictionary<string, bool>> TwigPeopleAsync(this SliceFixture fixture, int districtId) =>
        fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking()
            .Where(p => p.DistrictId == districtId && p.Source == RosterSource.Clever)
            .ToDictionaryAsync(p => p.ExternalId, p => p.IsActive));

    /// <summary>Everything of the district's roster that a failed run must leave exactly as it was.</summary>
    public static Task<string> RosterFingerprintAsync(this SliceFixture fixture, int districtId) =>
        fixture.ExecuteDbContextAsync(async db =>
        {
            var people = await db.People.AsNoTracking().Where(p => p.DistrictId == districtId).OrderBy(p => p.Id)
                .Select(p => $"{p.Id}:{p.ExternalId}:{p.FirstName}:{p.LastName}:{p.Email}:{p.IsActive}:{p.UpdatedAt.Ticks}").ToListAsync();
            var sections = await db.Sections.AsNoTracking().Where(s => s.DistrictId == districtId).OrderBy(s => s.Id)
                .Select(s => $"{s.Id}:{s.IsActive}:{s.UpdatedAt.Ticks}").ToListAsync();
            var schools = await db.Schools.AsNoTracking().Where(s => s.DistrictId == districtId).OrderBy(s => s.Id)
                .Select(s => $"{s.Id}:{s.IsActive}").ToListAsync();
            var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.DistrictId == districtId).OrderBy(e => e.Id)
                .Select(e => $"{e.Id}:{e.IsActive}").ToListAsync();
            return string.Join("\n", people.Concat(sections).Concat(schools).Concat(enrollments));
        });
}
