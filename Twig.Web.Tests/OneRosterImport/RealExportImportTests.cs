using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>A real export through the owner's pages: upload, preview, confirm; then the same package again, then a delta.</summary>
public sealed class RealExportImportTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task<string> UploadAndConfirmAsync(TwigSession owner, byte[] zip)
    {
        var posted = await PackagePagesTests.PostPackageAsync(owner, "/district/oneroster", zip);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var reviewUrl = posted.Headers.Location!.OriginalString;
        var review = await owner.GetPageAsync(reviewUrl);
        Assert.Contains("Preview: nothing has changed yet.", review.Html);
        var confirmed = await owner.PostFormAsync(reviewUrl + "?handler=Confirm", new Dictionary<string, string>(),
            review.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        return reviewUrl;
    }

    private Task<CsvImport> LatestImportAsync(int districtId) => Fixture.ExecuteDbContextAsync(db =>
        db.CsvImports.AsNoTracking().Where(i => i.DistrictId == districtId).OrderByDescending(i => i.Id).FirstAsync());

    [Fact]
    public async Task A_real_export_applies_through_the_pages_a_second_upload_changes_nothing_and_a_delta_removes_a_student()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync();
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        await UploadAndConfirmAsync(owner, RealExports.Bulk12());

        var first = await LatestImportAsync(district.Id);
        Assert.Equal((CsvImportStatus.Applied, 4, 1, 3), (first.Status, first.Created, first.ClassesCreated, first.EnrollmentsAdded));
        var people = await Fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking().Include(p => p.Schools)
            .Where(p => p.DistrictId == district.Id).ToDictionaryAsync(p => p.ExternalId));
        Assert.Equal(("Lovelace, Jr.", PersonRoles.Student, true), (people["u1"].LastName, people["u1"].Roles, people["u1"].IsActive));
        Assert.Equal((PersonRoles.Teacher | PersonRoles.SchoolAdmin, 2), (people["t1"].Roles, people["t1"].Schools.Count));
        Assert.Equal(PersonRoles.Teacher, people["x1"].Roles);
        Assert.False(people["u3"].IsActive);
        var section = await Fixture.ExecuteDbContextAsync(db => db.Sections.AsNoTracking()
            .Include(s => s.School).Include(s => s.Enrollments)
            .SingleAsync(s => s.DistrictId == district.Id));
        Assert.Equal(("Science, Grade 3", "Maple Elementary, North Campus", 3),
            (section.Name, section.School!.Name, section.Enrollments.Count(e => e.IsActive)));

        await UploadAndConfirmAsync(owner, RealExports.Bulk12());

        var again = await LatestImportAsync(district.Id);
        Assert.Equal((CsvImportStatus.Applied, 0, 0, 0, 0, 0, 0),
            (again.Status, again.Created, again.Updated, again.Archived, again.ClassesCreated, again.ClassesUpdated,
                again.EnrollmentsAdded));

        var delta = await Fixture.SendAsync(new ImportOneRoster.Command(district.Id, "delta.zip", RealExports.DeltaRemovingAda(),
            DryRun: false,
            ConfirmDeactivations: 2)); // one of three active people and her enrollment: above the 10 % threshold

        Assert.Equal(ImportOneRoster.Outcome.Applied, delta.Outcome);
        var active = await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == district.Id && p.IsActive)
            .Select(p => p.ExternalId).OrderBy(id => id).ToListAsync());
        Assert.Equal(["t1", "x1"], active);
        Assert.Equal(2, await Fixture.ExecuteDbContextAsync(db =>
            db.Enrollments.CountAsync(e => e.DistrictId == district.Id && e.IsActive)));
    }
}
