using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.OneRosterImport;
using Twig.Web.Tests.Harness;
using static Twig.Web.Tests.OneRosterImport.Packages;

namespace Twig.Web.Tests.OneRosterImport;

/// <summary>
/// A confirm right after its preview may reuse the preview's plan, but only while the district is exactly as it was
/// planned against: whatever changed in between, the confirm applies what a fresh plan of the district as it is says.
/// </summary>
public sealed class PreviewThenConfirmTests(SliceFixture fixture) : SliceTest(fixture)
{
    private Task<ImportOneRoster.Result> ImportAsync(int districtId, byte[] zip, bool dryRun) =>
        Fixture.SendAsync(new ImportOneRoster.Command(districtId, "roster.zip", zip, dryRun));

    private Task<List<string>> ActivePeopleAsync(int districtId) => Fixture.ExecuteDbContextAsync(db =>
        db.People.AsNoTracking().Where(p => p.DistrictId == districtId && p.IsActive).OrderBy(p => p.ExternalId).Select(p => p.ExternalId).ToListAsync());

    [Fact]
    public async Task A_confirm_after_its_preview_applies_what_the_preview_showed()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync(seats: 100);
        var package = Bulk11();

        var preview = await ImportAsync(district.Id, package, dryRun: true);
        var applied = await ImportAsync(district.Id, package, dryRun: false);

        Assert.Equal(ImportOneRoster.Outcome.Previewed, preview.Outcome);
        Assert.Equal(ImportOneRoster.Outcome.Applied, applied.Outcome);
        Assert.Equal(preview.Preview, applied.Preview);
        Assert.Equal(preview.Preview!.PeopleCreated, (await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id))));
        Assert.Equal(preview.Preview.EnrollmentsAdded,
            await Fixture.ExecuteDbContextAsync(db => db.Enrollments.CountAsync(e => e.DistrictId == district.Id && e.IsActive)));

        var again = await ImportAsync(district.Id, package, dryRun: false);

        Assert.Equal("Applied: the package changes nothing.", again.Message);
    }

    [Fact]
    public async Task A_confirm_after_the_seats_shrank_since_its_preview_is_refused_by_the_licence()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync(seats: 100);
        var package = Bulk11();
        var preview = await ImportAsync(district.Id, package, dryRun: true);
        var studentsAfter = preview.Preview!.ActiveStudentsAfter;
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LicensedStudentSeats, studentsAfter - 1)));

        var confirm = await ImportAsync(district.Id, package, dryRun: false);

        Assert.Equal(ImportOneRoster.Outcome.BlockedByLicence, confirm.Outcome);
        Assert.Equal(studentsAfter - 1, confirm.Preview!.Seats);
        Assert.Empty(await ActivePeopleAsync(district.Id));
    }

    [Fact]
    public async Task A_confirm_after_the_roster_changed_since_its_preview_plans_against_the_roster_as_it_is()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync(seats: 100);
        var package = Bulk11();
        Assert.Equal(ImportOneRoster.Outcome.Applied, (await ImportAsync(district.Id, package, dryRun: false)).Outcome);
        var preview = await ImportAsync(district.Id, package, dryRun: true);
        Assert.Equal(0, preview.Preview!.PeopleUpdated);
        // Someone else changes a person the package also sends, between the preview and the confirm.
        var renamed = (await ActivePeopleAsync(district.Id))[0];
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == district.Id && p.ExternalId == renamed)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.FirstName, "Changed meanwhile")));

        var confirm = await ImportAsync(district.Id, package, dryRun: false);

        Assert.Equal(ImportOneRoster.Outcome.Applied, confirm.Outcome);
        Assert.Equal(1, confirm.Preview!.PeopleUpdated);
        var person = await Fixture.ExecuteDbContextAsync(db => db.People.AsNoTracking().SingleAsync(p => p.DistrictId == district.Id && p.ExternalId == renamed));
        Assert.NotEqual("Changed meanwhile", person.FirstName);
    }
}
