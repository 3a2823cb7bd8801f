using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// What real SIS exports do that the standard's examples do not: usernames reused by a new sourcedId, one person enrolled in a
/// class once per term, enrollments of disabled people in a delta, and booleans written as 1/0 or Yes/No.
/// </summary>
public sealed class SisExportQuirksTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly string UsersHeader = HeaderOf(Users11);

    private Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip, int? confirm = null) =>
        Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: false, ConfirmDeactivations: confirm));

    private Task<Dictionary<string, (bool Active, string? Username)>> PeopleAsync(int districtId) => Fixture.ExecuteDbContextAsync(db =>
        db.People.AsNoTracking().Where(p => p.DistrictId == districtId)
            .ToDictionaryAsync(p => p.ExternalId, p => (p.IsActive, p.Username)));

    private Task<List<string>> StudentsOfC1Async(int districtId) => Fixture.ExecuteDbContextAsync(db => db.Enrollments.AsNoTracking()
        .Where(e => e.DistrictId == districtId && e.IsActive && e.Role == EnrollmentRole.Student && e.Section!.ExternalId == "c1")
        .Select(e => e.Person!.ExternalId).OrderBy(id => id).ToListAsync());

    [Fact]
    public async Task A_username_moves_from_a_person_who_left_and_is_left_out_while_its_holder_stays_active()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11()));

        // The SIS re-keys Ada: u1 leaves the file and u9 arrives with her username (and her class).
        var rekeyed = await ImportAsync(district.Id, Bulk11(
            users: Users11.Replace("u1,,,true,s1,student,ada.l", "u9,,,true,s1,student,ada.l"),
            enrollments: Enrollments11.Replace(",u1,", ",u9,")), confirm: 2); // u1 and her enrollment in c1

        AssertApplied(rekeyed);
        var people = await PeopleAsync(district.Id);
        Assert.Equal((false, (string?)null), people["u1"]);
        Assert.Equal((true, "ada.l"), people["u9"]);
        Assert.Contains(rekeyed.Issues, i => i.Severity == IssueSeverity.Warning && i.Row == 2
            && i.Message == "username \"ada.l\" moves to this person from \"u1\", who is inactive after this package.");
        Assert.Contains("u9", await StudentsOfC1Async(district.Id));

        // A delta gives a newcomer the username of Grace, who stays: the newcomer comes without it, and the package applies.
        var clash = await ImportAsync(district.Id, Delta11Of(("users.csv",
            UsersHeader + "u5,active,2026-09-01T00:00:00Z,true,s1,student,GHOPPER,,Greta,Hopper,,1005,,,,,03,\r\n")));

        AssertApplied(clash);
        people = await PeopleAsync(district.Id);
        Assert.Equal((true, (string?)null), people["u5"]);
        Assert.Equal((true, "ghopper"), people["t1"]);
        Assert.Contains(clash.Issues, i => i.Message == "username \"GHOPPER\" belongs to \"t1\", who stays active; it was left out.");
    }

    [Fact]
    public async Task A_delta_without_orgs_csv_names_an_unknown_org_as_no_school_Twig_holds_not_as_missing_from_orgs_csv()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11()));

        var result = await ImportAsync(district.Id, Delta11Of(("users.csv",
            UsersHeader + "u5,active,2026-09-01T00:00:00Z,true,s1,student,,,Greta,Hopper,,1005,,,,,03,\r\n" +
            "u6,active,2026-09-01T00:00:00Z,true,sch-gone,student,,,Hal,Abelson,,1006,,,,,03,\r\n")));

        AssertApplied(result);
        Assert.Contains(result.Issues, i => i.Severity == IssueSeverity.Warning && i.Row == 3
            && i.Message == "The org \"sch-gone\" is not a school Twig holds (the package has no orgs.csv); the person was not linked to it.");
        Assert.DoesNotContain(result.Issues, i => i.Message.Contains("orgs.csv;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Ending_one_terms_row_keeps_the_person_in_the_class_while_another_row_of_the_package_keeps_them(bool deletedFirst)
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11()));

        string[] rows =
        [
            "e2,tobedeleted,2027-01-04T00:00:00Z,c1,s1,u1,student,false,2026-08-01,2026-12-20\r\n",
            "e2b,active,2027-01-04T00:00:00Z,c1,s1,u1,student,false,2027-01-05,2027-06-01\r\n",
        ];
        var result = await ImportAsync(district.Id, Delta11Of(("enrollments.csv",
            EnrollmentsHeader + (deletedFirst ? rows[0] + rows[1] : rows[1] + rows[0]))));

        AssertApplied(result);
        Assert.Equal(["u1", "u2"], await StudentsOfC1Async(district.Id));
    }

    [Fact]
    public async Task A_delta_enrolling_a_disabled_person_applies_the_rest_and_leaves_that_enrollment_out_with_a_warning()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11())); // Carl (u3) is enabledUser=false

        var result = await ImportAsync(district.Id, Delta11Of(("enrollments.csv", EnrollmentsHeader
            + "e9,active,2026-09-01T00:00:00Z,c2,s2,u3,student,false,,\r\n"
            + "e10,active,2026-09-01T00:00:00Z,c2,s2,u1,student,false,,\r\n")));

        AssertApplied(result);
        Assert.Contains(result.Issues, i => i.Severity == IssueSeverity.Warning && i.File == OneRosterFiles.Enrollments
            && i.Message.Contains("people who are disabled or removed", StringComparison.Ordinal));
        var c2 = await Fixture.ExecuteDbContextAsync(db => db.Enrollments.AsNoTracking()
            .Where(e => e.DistrictId == district.Id && e.IsActive && e.Section!.ExternalId == "c2")
            .Select(e => e.Person!.ExternalId).OrderBy(id => id).ToListAsync());
        Assert.Equal(["u1", "u2"], c2);
    }

    [Fact]
    public async Task Booleans_written_as_1_0_yes_or_no_are_read_as_meant_and_anything_else_is_named()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        var users = Users11.Replace("u3,,,false,", "u3,,,0,").Replace("u2,,,true,", "u2,,,No,").Replace("u1,,,true,", "u1,,,Y,")
            .Replace("t1,,,true,", "t1,,,maybe,");
        var enrollments = Enrollments11.Replace("e1,,,c1,s1,t1,teacher,true,,", "e1,,,c1,s1,t1,teacher,1,,");

        var result = await ImportAsync(district.Id, Bulk11(users: users, enrollments: enrollments));

        AssertApplied(result);
        var people = await PeopleAsync(district.Id);
        Assert.Equal([false, false, true, true], new[] { people["u3"].Active, people["u2"].Active, people["u1"].Active, people["t1"].Active });
        Assert.Contains(result.Issues, i => i.Column == "enabledUser"
            && i.Message == "enabledUser \"maybe\" is not true or false; the person was read as enabled.");
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.Enrollments.AnyAsync(e =>
            e.DistrictId == district.Id && e.Person!.ExternalId == "t1" && e.IsPrimary)));
    }

    private static readonly string Users12Header = HeaderOf(Users12);

    private Task<Dictionary<string, PersonRoles>> RolesAsync(int districtId) => Fixture.ExecuteDbContextAsync(db =>
        db.People.AsNoTracking().Where(p => p.DistrictId == districtId).ToDictionaryAsync(p => p.ExternalId, p => p.Roles));

    [Fact]
    public async Task A_username_repeated_in_another_letter_case_in_users_csv_is_left_out_of_the_later_row_with_a_warning()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();

        var result = await ImportAsync(district.Id, Bulk11(users: Users11.Replace(",teacher,ghopper,", ",teacher,Ada.L,", StringComparison.Ordinal)));

        AssertApplied(result);
        Assert.Contains(result.Issues, i => i.Severity == IssueSeverity.Warning && i.Row == 5 && i.Column == "username"
            && i.Message == "username \"Ada.L\" belongs to \"u1\" (row 2; upper/lower case ignored); it was left out.");
        var people = await PeopleAsync(district.Id);
        Assert.Equal((true, "ada.l"), people["u1"]);
        Assert.Equal((true, (string?)null), people["t1"]);
    }

    [Fact]
    public async Task A_teacher_enrolled_as_a_student_in_a_training_class_is_skipped_with_one_counted_warning()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();

        var result = await ImportAsync(district.Id, Bulk11(enrollments: Enrollments11 + "e9,,,c2,s2,t1,student,false,,\r\n"));

        AssertApplied(result);
        Assert.Contains(result.Issues, i => i.Severity == IssueSeverity.Warning && i.File == OneRosterFiles.Enrollments && i.Row == null
            && i.Message == "1 enrollments as a student of people who are not students (a teacher in a training class, …) were skipped.");
        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.Enrollments.AnyAsync(e =>
            e.DistrictId == district.Id && e.Person!.ExternalId == "t1" && e.Role == EnrollmentRole.Student)));
    }

    [Fact]
    public async Task A_delta_row_with_OneRoster_1_0s_status_inactive_deactivates_its_person()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11()));

        // Ada and her enrollment in c1: one of four people and one of four enrollments, above the 10 % threshold.
        var left = await ImportAsync(district.Id, Delta11Of(("users.csv", UsersHeader + "u1,inactive,2026-12-01T00:00:00Z,,,,,,,,,,,,,,,\r\n")),
            confirm: 2);

        AssertApplied(left);
        Assert.DoesNotContain(left.Issues, i => i.Column == "status");
        Assert.False((await PeopleAsync(district.Id))["u1"].Active);
        Assert.DoesNotContain("u1", await StudentsOfC1Async(district.Id));
    }

    [Fact]
    public async Task A_1_2_delta_adds_and_takes_away_roles_and_may_leave_roles_csv_out()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk12()));

        // Ada's name changes; roles.csv is absent: her roles stay. A newcomer in such a delta has no role, and is refused.
        var renamed = await ImportAsync(district.Id, Package12(("users.csv", "delta", Users12Header +
            "u1,active,2026-09-01T00:00:00Z,true,ada.l,,Ada,King,,1001,ada@students.example.org,,,,03,,M1,,,,,s1,\r\n"), ("roles.csv", "absent", null)));
        AssertApplied(renamed);
        Assert.Equal(PersonRoles.Student, (await RolesAsync(district.Id))["u1"]);
        var newcomer = await ImportAsync(district.Id, Package12(("users.csv", "delta", Users12Header +
            "u7,active,2026-09-01T00:00:00Z,true,,,Eve,New,,1007,,,,,03,,M7,,,,,s1,\r\n"), ("roles.csv", "absent", null)));
        Assert.Contains(newcomer.Issues, i => i.Severity == IssueSeverity.Error
            && i.Message == "The person \"u7\" is new to Twig, and this delta sends no roles.csv to give them a role.");

        // roles.csv alone: Grace's two teacher rows end and she becomes a principal; Pat the principal also teaches.
        var promoted = await ImportAsync(district.Id, Package12(("roles.csv", "delta", RolesHeader +
            "r2,tobedeleted,2027-01-04T00:00:00Z,t1,primary,teacher,,,s1,\r\n" +
            "r3,tobedeleted,2027-01-04T00:00:00Z,t1,secondary,teacher,,,s2,\r\n" +
            "r8,active,2027-01-04T00:00:00Z,t1,primary,principal,,,s1,\r\n" +
            "r9,active,2027-01-04T00:00:00Z,p1,secondary,teacher,,,s1,\r\n")));
        AssertApplied(promoted);
        var roles = await RolesAsync(district.Id);
        Assert.Equal(PersonRoles.SchoolAdmin, roles["t1"]);
        Assert.Equal(PersonRoles.SchoolAdmin | PersonRoles.Teacher, roles["p1"]);
        Assert.Equal("King", await Fixture.ExecuteDbContextAsync(db =>
            db.People.Where(p => p.DistrictId == district.Id && p.ExternalId == "u1").Select(p => p.LastName).SingleAsync()));

        // users.csv with one new secondary role: added to Ada's, not in place of it.
        var second = await ImportAsync(district.Id, Package12(("users.csv", "delta", Users12Header +
            "u1,active,2026-09-01T00:00:00Z,true,ada.l,,Ada,King,,1001,ada@students.example.org,,,,03,,M1,,,,,s1,\r\n"),
            ("roles.csv", "delta", RolesHeader + "r10,active,2027-01-04T00:00:00Z,u1,secondary,teacher,,,s2,\r\n")));
        AssertApplied(second);
        Assert.Equal(PersonRoles.Student | PersonRoles.Teacher, (await RolesAsync(district.Id))["u1"]);
        Assert.Contains("u1", await StudentsOfC1Async(district.Id));
    }
}
