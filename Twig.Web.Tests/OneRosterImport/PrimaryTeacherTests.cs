using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.Classes;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// enrollments.csv's <c>primary</c>: the lead teacher is kept on the enrollment and listed first to the class's students.
/// </summary>
public sealed class PrimaryTeacherTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly string EnrollmentsHeader = Enrollments11[..(Enrollments11.IndexOf('\n') + 1)];

    /// <summary>Enrollments11 with Grace (t1) and Ann (a1) both teaching c1, each marked primary as asked.</summary>
    private static string TwoTeachers(bool graceLeads, bool annLeads) =>
        Enrollments11.Replace("e1,,,c1,s1,t1,teacher,true,,",
            "e1,,,c1,s1,t1,teacher,false,2026-08-01,2026-12-20\r\n" +
            $"e1b,,,c1,s1,t1,teacher,{(graceLeads ? "true" : "false")},2027-01-05,")
        + $"e9,,,c1,s1,a1,teacher,{(annLeads ? "true" : "false")},,\r\n";

    private Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip) =>
        Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: false));

    private Task<Dictionary<string, bool>> TeachersOfC1Async(int districtId) => Fixture.ExecuteDbContextAsync(db => db.Enrollments
        .Where(e => e.DistrictId == districtId && e.IsActive && e.Role == EnrollmentRole.Teacher && e.Section!.ExternalId == "c1")
        .Select(e => new { e.Person!.ExternalId, e.IsPrimary })
        .ToDictionaryAsync(e => e.ExternalId, e => e.IsPrimary));

    private async Task<IReadOnlyList<string>> TeachersAdaSeesAsync(int districtId)
    {
        var ada = await Fixture.ExecuteDbContextAsync(db => db.People.SingleAsync(p => p.DistrictId == districtId && p.ExternalId == "u1"));
        var home = await Fixture.SendAsync(new Home.Query(ada.Id, districtId, AsStudent: true, false, false, false));
        return Assert.Single(home.StudentClasses!, c => c.Name == "Science 3A").Teachers;
    }

    [Fact]
    public async Task The_primary_teacher_is_kept_listed_first_follows_a_later_bulk_and_a_delta_and_an_identical_upload_changes_nothing()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();

        // Grace's first-term row is not primary, her second-term row is: one enrollment, primary.
        var first = await ImportAsync(district.Id, Bulk11(enrollments: TwoTeachers(graceLeads: true, annLeads: false)));
        Assert.Equal(ImportOneRoster.Outcome.Applied, first.Outcome);
        Assert.Equal(new Dictionary<string, bool> { ["t1"] = true, ["a1"] = false }, await TeachersOfC1Async(district.Id));
        Assert.Equal(["Grace Hopper", "Ann Admin"], await TeachersAdaSeesAsync(district.Id)); // the lead first, not by last name
        Assert.False(await Fixture.ExecuteDbContextAsync(db =>
            db.Enrollments.AnyAsync(e => e.DistrictId == district.Id && e.Role == EnrollmentRole.Student && e.IsPrimary)));

        var again = await ImportAsync(district.Id, Bulk11(enrollments: TwoTeachers(graceLeads: true, annLeads: false)));
        Assert.Equal("Applied: the package changes nothing.", again.Message);

        var moved = await ImportAsync(district.Id, Bulk11(enrollments: TwoTeachers(graceLeads: false, annLeads: true)));
        Assert.Equal(ImportOneRoster.Outcome.Applied, moved.Outcome);
        Assert.NotEqual("Applied: the package changes nothing.", moved.Message);
        Assert.Equal(new Dictionary<string, bool> { ["t1"] = false, ["a1"] = true }, await TeachersOfC1Async(district.Id));
        Assert.Equal(["Ann Admin", "Grace Hopper"], await TeachersAdaSeesAsync(district.Id));

        // A delta re-sends Grace's enrollment as primary; Ann's mark, not in the delta, stays.
        var delta = Zip(("manifest.csv", Manifest("1.1", ("enrollments", "delta"))),
            ("enrollments.csv", EnrollmentsHeader + "e1b,active,2026-09-01T00:00:00Z,c1,s1,t1,teacher,true,,\r\n"));
        Assert.Equal(ImportOneRoster.Outcome.Applied, (await ImportAsync(district.Id, delta)).Outcome);
        Assert.Equal(new Dictionary<string, bool> { ["t1"] = true, ["a1"] = true }, await TeachersOfC1Async(district.Id));
    }
}
