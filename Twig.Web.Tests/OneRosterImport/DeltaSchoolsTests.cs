using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// In OneRoster 1.2 a person's schools are the orgs of their roles.csv rows, and users.csv carries no list of them: a delta
/// that sends a person's users.csv row without their roles, or roles.csv rows alone, changes their schools by what those
/// rows add and take away, never by what they leave out.
/// </summary>
public sealed class DeltaSchoolsTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly string UsersHeader = HeaderOf(Users12);

    private const string Grace = "t1,active,2026-09-01T00:00:00Z,true,ghopper,,Grace,Murray,,,grace@example.org,,,,,,M2,,,,,s1,\r\n";
    private const string PatWithoutSchool = "p1,active,2026-09-01T00:00:00Z,true,,,Pat,Prince,,,pat@example.org,,,,,,M3,,,,,,\r\n";

    private Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip) =>
        Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: false));

    private Task<Dictionary<string, string>> SchoolsAsync(int districtId) => Fixture.ExecuteDbContextAsync(async db =>
        (await db.People.AsNoTracking().Where(p => p.DistrictId == districtId)
            .Join(db.PersonSchools, p => p.Id, l => l.PersonId, (p, l) => new { p.ExternalId, School = l.School!.ExternalId })
            .ToListAsync())
        .GroupBy(l => l.ExternalId)
        .ToDictionary(g => g.Key, g => string.Join(",", g.Select(l => l.School).Order(StringComparer.Ordinal))));

    [Fact]
    public async Task A_users_delta_without_roles_keeps_each_persons_schools()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk12()));
        Assert.Equal(("s1,s2", "s1"), await GraceAndPatAsync(district.Id));

        // Renamed, with roles.csv absent: Grace's row names only her primary school, Pat's none.
        var renamed = await ImportAsync(district.Id, Package12(("users.csv", "delta", UsersHeader + Grace + PatWithoutSchool),
            ("roles.csv", "absent", null)));

        AssertApplied(renamed);
        Assert.Equal(("s1,s2", "s1"), await GraceAndPatAsync(district.Id));
        Assert.Equal("Prince", await Fixture.ExecuteDbContextAsync(db => db.People
            .Where(p => p.DistrictId == district.Id && p.ExternalId == "p1").Select(p => p.LastName).SingleAsync()));
    }

    [Fact]
    public async Task Role_rows_move_a_principal_and_take_a_teacher_out_of_a_school()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk12()));

        // roles.csv alone: Pat's principal role at Maple ends and one at Oak begins (the same role, another school).
        var moved = await ImportAsync(district.Id, Package12(("roles.csv", "delta", RolesHeader +
            "r4,tobedeleted,2027-01-04T00:00:00Z,p1,primary,principal,,,s1,\r\n" +
            "r11,active,2027-01-04T00:00:00Z,p1,primary,principal,,,s2,\r\n")));
        AssertApplied(moved);
        Assert.Equal(("s1,s2", "s2"), await GraceAndPatAsync(district.Id));

        // Grace's row with her secondary teacher role at Oak ended: she keeps Maple, and teaching.
        var ended = await ImportAsync(district.Id, Package12(("users.csv", "delta", UsersHeader + Grace),
            ("roles.csv", "delta", RolesHeader + "r3,tobedeleted,2027-01-04T00:00:00Z,t1,secondary,teacher,,,s2,\r\n")));
        AssertApplied(ended);
        Assert.Equal(("s1", "s2"), await GraceAndPatAsync(district.Id));
        var roles = await Fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking()
            .Where(p => p.DistrictId == district.Id && (p.ExternalId == "t1" || p.ExternalId == "p1"))
            .ToDictionaryAsync(p => p.ExternalId, p => p.Roles));
        Assert.Equal(PersonRoles.Teacher, roles["t1"]);
        Assert.Equal(PersonRoles.SchoolAdmin, roles["p1"]);
    }

    private async Task<(string Grace, string Pat)> GraceAndPatAsync(int districtId)
    {
        var schools = await SchoolsAsync(districtId);
        return (schools.GetValueOrDefault("t1", ""), schools.GetValueOrDefault("p1", ""));
    }
}
