using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// What real packages leave out or send together: a file Twig never reads taken out of the zip, a file with nothing in it,
/// a delta that deletes a person (or closes a school) and still sends what hangs off them.
/// </summary>
public sealed class TrimmedExportTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly string UsersHeader = HeaderOf(Users11);
    private static readonly string OrgsHeader = HeaderOf(Orgs11);

    private Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip, int? confirm = null) =>
        Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, DryRun: false, ConfirmDeactivations: confirm));

    private static byte[] BulkWith(string courses, string enrollments) => Zip(
        ("manifest.csv", Manifest("1.1", ("orgs", "bulk"), ("users", "bulk"), ("classes", "bulk"), ("enrollments", "bulk"),
            ("courses", "bulk"), ("demographics", "bulk"))),
        ("orgs.csv", Orgs11), ("users.csv", Users11), ("classes.csv", Classes11), ("enrollments.csv", enrollments),
        ("courses.csv", courses));

    private Task<List<string>> ActiveAsync(int districtId, bool sections) => Fixture.ExecuteDbContextAsync(db => sections
        ? db.Sections.Where(s => s.DistrictId == districtId && s.IsActive).Select(s => s.ExternalId).OrderBy(id => id).ToListAsync()
        : db.People.Where(p => p.DistrictId == districtId && p.IsActive).Select(p => p.ExternalId).OrderBy(id => id).ToListAsync());

    [Fact]
    public async Task A_missing_unread_file_and_an_empty_courses_file_are_warnings_and_an_empty_roster_file_is_refused()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();

        var refused = await ImportAsync(district.Id, BulkWith(courses: "", enrollments: "\uFEFF\r\n"));
        Assert.Equal(["enrollments.csv: enrollments.csv is empty: it has not even a header row. Export the package again, " +
            "or mark enrollments.csv absent in manifest.csv."],
            refused.Issues.Where(i => i.Severity == IssueSeverity.Error).Select(i => i.ToString()));

        var applied = await ImportAsync(district.Id, BulkWith(courses: "", enrollments: Enrollments11));
        AssertApplied(applied);
        Assert.Contains(applied.Issues, i => i.Severity == IssueSeverity.Warning && i.Message ==
            "The manifest sends demographics.csv as bulk, but the .zip has no demographics.csv; Twig does not read it, so nothing is missing.");
        Assert.Contains(applied.Issues, i => i.Severity == IssueSeverity.Warning && i.Message ==
            "courses.csv is empty (not even a header row); Twig stores nothing from it, so it was skipped.");
        Assert.Equal(["c1", "c2"], await ActiveAsync(district.Id, sections: true));
    }

    [Fact]
    public async Task A_delta_that_deletes_a_person_leaves_out_their_enrollments_sent_as_active()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11()));

        // Alan withdraws: his row is deleted, and the exporter still sends one of his enrollments as active (end-dated).
        var withdrawn = await ImportAsync(district.Id, Delta11Of(("users.csv", UsersHeader + "u2,tobedeleted,2026-12-01T00:00:00Z,,,,,,,,,,,,,,,\r\n"),
            ("enrollments.csv", EnrollmentsHeader + "e3,active,2026-12-01T00:00:00Z,c1,s1,u2,student,false,2026-08-01,2026-12-01\r\n")), confirm: 3);

        AssertApplied(withdrawn);
        Assert.DoesNotContain("u2", await ActiveAsync(district.Id, sections: false));
        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.Enrollments.AnyAsync(e =>
            e.DistrictId == district.Id && e.IsActive && e.Person!.ExternalId == "u2")));
        Assert.Contains(withdrawn.Issues, i => i.Severity == IssueSeverity.Warning && i.File == OneRosterFiles.Enrollments);
    }

    [Fact]
    public async Task A_delta_that_closes_a_school_closes_its_classes()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        AssertApplied(await ImportAsync(district.Id, Bulk11()));

        // One of two schools and one of two classes: above the 10 % threshold, so the school and its class are confirmed.
        var closed = await ImportAsync(district.Id, Delta11Of(("orgs.csv", OrgsHeader + "s2,tobedeleted,2027-06-30T00:00:00Z,,,,\r\n")),
            confirm: 2);

        AssertApplied(closed);
        Assert.Equal(["c1"], await ActiveAsync(district.Id, sections: true));
        Assert.Contains(closed.Issues, i => i.Severity == IssueSeverity.Warning
            && i.Message == "1 classes of schools this package closes (tobedeleted in orgs.csv) were closed with them.");
    }
}
