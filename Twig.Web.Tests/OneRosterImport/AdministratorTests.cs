using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// Administrators from a package: those of the district org are the district's administrators (they see every school),
/// those of a school its administrators, and every administrator kind of 1.1 and 1.2 is one of them.
/// </summary>
public sealed class AdministratorTests(SliceFixture fixture) : SliceTest(fixture)
{
    // The small district's people, its district administrator with a username and password, and one of both district and school.
    private static readonly string Users = Users11.Replace(
        "a1,,,true,d1,administrator,,,Ann,Admin,,,ann@example.org,,,,,\r\n",
        "a1,,,true,d1,administrator,ann.admin,,Ann,Admin,,,ann@example.org,,,,,ann-password-1\r\n" +
        "a2,,,true,\"d1,s2\",administrator,,,Bea,Both,,,,,,,,\r\n", StringComparison.Ordinal);

    private Task<Dictionary<string, (PersonRoles Roles, string[] Schools)>> AdministratorsAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(async db => (await db.People.AsNoTracking()
                .Where(p => p.DistrictId == districtId && p.Roles != PersonRoles.Student)
                .Select(p => new { p.ExternalId, p.Roles, Schools = p.Schools.Select(s => s.School!.ExternalId).OrderBy(s => s).ToArray() })
                .ToListAsync())
            .ToDictionary(p => p.ExternalId, p => (p.Roles, p.Schools)));

    [Fact]
    public async Task An_administrator_of_the_district_org_signs_in_and_sees_every_school_one_of_a_school_only_theirs()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync("maple");

        var result = await Fixture.SendAsync(new ImportOneRoster.Command(district.Id, "roster.zip", Bulk11(users: Users), false, true, null));

        Assert.Equal(ImportOneRoster.Outcome.Applied, result.Outcome);
        var admins = await AdministratorsAsync(district.Id);
        Assert.Equal(PersonRoles.DistrictAdmin, admins["a1"].Roles);
        Assert.Empty(admins["a1"].Schools);
        Assert.Equal(PersonRoles.SchoolAdmin, admins["a2"].Roles);
        Assert.Equal(["s2"], admins["a2"].Schools);

        using var session = Fixture.CreateSession();
        await session.SubmitFormAsync("/login/maple", new Dictionary<string, string> { ["Data.Username"] = "ann.admin", ["Data.Password"] = "ann-password-1" });
        var home = await session.GetPageAsync("/classes");
        Assert.Contains("Maple Elementary", home.Html);
        Assert.Contains("Oak Middle", home.Html);
    }

    [Fact]
    public async Task Every_1_2_administrator_kind_is_imported_as_an_administrator()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync("maple12");
        var roles = Roles12 + "r7,active,2026-08-01T00:00:00Z,x9,primary,systemAdministrator,,,s2,\r\n";
        var users = Users12 + "x9,active,2026-08-01T00:00:00Z,true,,,Sam,Systems,,,sam@example.org,,,,,,M9,,,,,s2,\r\n";
        var zip = Zip(
            ("manifest.csv", Manifest("1.2", ("orgs", "bulk"), ("users", "bulk"), ("roles", "bulk"), ("classes", "bulk"), ("enrollments", "bulk"))),
            ("orgs.csv", Orgs11), ("users.csv", users), ("roles.csv", roles), ("classes.csv", Classes11), ("enrollments.csv", Enrollments12));

        var result = await Fixture.SendAsync(new ImportOneRoster.Command(district.Id, "roster.zip", zip, false, false, null));

        Assert.Equal(ImportOneRoster.Outcome.Applied, result.Outcome);
        var admins = await AdministratorsAsync(district.Id);
        Assert.Equal(PersonRoles.DistrictAdmin, admins["d1a"].Roles);
        Assert.Equal((PersonRoles.SchoolAdmin, "s1"), (admins["p1"].Roles, Assert.Single(admins["p1"].Schools)));
        Assert.Equal((PersonRoles.SchoolAdmin, "s2"), (admins["x9"].Roles, Assert.Single(admins["x9"].Schools)));
    }
}
