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
        "a2,,,true,\"d1,s2\",administrator,,,Bea,Both,,,,,,,,\r\n" +
        "a3,,,true,\"d1,dep1\",administrator,,,Dee,Department,,,,,,,,\r\n", StringComparison.Ordinal);

    private static readonly string Orgs = Orgs11 + "dep1,,,Maple Science Department,department,,s1\r\n";

    private Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip, bool passwords = false) =>
        Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: false, AllowPasswords: passwords));

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

        var result = await ImportAsync(district.Id, Bulk11(users: Users, orgs: Orgs), passwords: true);

        Assert.Equal(ImportOneRoster.Outcome.Applied, result.Outcome);
        var admins = await AdministratorsAsync(district.Id);
        Assert.Equal(PersonRoles.DistrictAdmin, admins["a1"].Roles);
        Assert.Empty(admins["a1"].Schools);
        Assert.Equal(PersonRoles.SchoolAdmin, admins["a2"].Roles);
        Assert.Equal(["s2"], admins["a2"].Schools);
        // Only someone whose every org is the district's: a department's administrator is not the district's.
        Assert.Equal(PersonRoles.SchoolAdmin, admins["a3"].Roles);

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

        var result = await ImportAsync(district.Id, zip);

        Assert.Equal(ImportOneRoster.Outcome.Applied, result.Outcome);
        var admins = await AdministratorsAsync(district.Id);
        Assert.Equal(PersonRoles.DistrictAdmin, admins["d1a"].Roles);
        Assert.Equal((PersonRoles.SchoolAdmin, "s1"), (admins["p1"].Roles, Assert.Single(admins["p1"].Schools)));
        Assert.Equal((PersonRoles.SchoolAdmin, "s2"), (admins["x9"].Roles, Assert.Single(admins["x9"].Schools)));
    }

    [Fact]
    public async Task A_role_Twig_does_not_serve_links_its_holder_to_no_school()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        // Pat is the principal of s1 and a parent at s2 (her child's school): she must not see s2's roster.
        var zip = Zip(
            ("manifest.csv", Manifest("1.2", ("orgs", "bulk"), ("users", "bulk"), ("roles", "bulk"), ("classes", "bulk"), ("enrollments", "bulk"))),
            ("orgs.csv", Orgs11), ("users.csv", Users12), ("roles.csv", Roles12 + "r8,active,2026-08-01T00:00:00Z,p1,secondary,parent,,,s2,\r\n"),
            ("classes.csv", Classes11), ("enrollments.csv", Enrollments12));

        AssertApplied(await ImportAsync(district.Id, zip));

        var pat = (await AdministratorsAsync(district.Id))["p1"];
        Assert.Equal((PersonRoles.SchoolAdmin, "s1"), (pat.Roles, Assert.Single(pat.Schools)));
    }

    [Fact]
    public async Task A_delta_without_orgs_keeps_a_district_administrator_and_a_removed_administrator_role_takes_either_kind()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync("maple-delta");
        Assert.Equal(ImportOneRoster.Outcome.Applied,
            (await ImportAsync(district.Id, Bulk11(users: Users, orgs: Orgs), passwords: true)).Outcome);

        // Ann's name changes in a delta that sends no orgs.csv: the district org is unknown to it, and she stays the district's.
        var renamed = Zip(("manifest.csv", Manifest("1.1", ("orgs", "absent"), ("users", "delta"))),
            ("users.csv", Users11[..(Users11.IndexOf('\n') + 1)] + "a1,active,2026-09-01T00:00:00Z,true,d1,administrator,,,Ann,Adams,,,ann@example.org,,,,,\r\n"));
        Assert.Equal(ImportOneRoster.Outcome.Applied,
            (await ImportAsync(district.Id, renamed)).Outcome);
        Assert.Equal(PersonRoles.DistrictAdmin, (await AdministratorsAsync(district.Id))["a1"].Roles);

        // 1.2: Dana's districtAdministrator role ends and she teaches, whichever administrator Twig had her as.
        var d12 = await Fixture.InsertOneRosterDistrictAsync("maple-12");
        Assert.Equal(ImportOneRoster.Outcome.Applied,
            (await ImportAsync(d12.Id, Bulk12())).Outcome);
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == d12.Id && p.ExternalId == "d1a")
            .ExecuteUpdateAsync(x => x.SetProperty(p => p.Roles, PersonRoles.SchoolAdmin)));
        var ended = Zip(("manifest.csv", Manifest("1.2", ("roles", "delta"))), ("roles.csv",
            Roles12[..(Roles12.IndexOf('\n') + 1)] +
            "r5,tobedeleted,2027-01-04T00:00:00Z,d1a,primary,districtAdministrator,,,d1,\r\n" +
            "r11,active,2027-01-04T00:00:00Z,d1a,primary,teacher,,,s1,\r\n"));
        Assert.Equal(ImportOneRoster.Outcome.Applied,
            (await ImportAsync(d12.Id, ended)).Outcome);
        Assert.Equal(PersonRoles.Teacher, (await AdministratorsAsync(d12.Id))["d1a"].Roles);
    }
}
