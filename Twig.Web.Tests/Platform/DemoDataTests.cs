using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

public sealed class DemoDataTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Seeding_twice_creates_everything_once()
    {
        var first = await Fixture.SendAsync(new DemoData.Command());
        var second = await Fixture.SendAsync(new DemoData.Command());

        Assert.Equal(first.DistrictId, second.DistrictId);
        Assert.Equal(2, await Fixture.CountAsync<District>());
        Assert.Equal(3, await Fixture.CountAsync<TwigUser>());
        // The second district is rostered once, from a OneRoster package: people, classes and enrollments from that source only.
        var oneRoster = await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Slug == DemoData.OneRosterSlug)
            .Select(d => new
            {
                d.RosterSource,
                Students = db.People.Count(p => p.DistrictId == d.Id && p.IsActive && p.Source == RosterSource.OneRoster && p.Roles == PersonRoles.Student),
                Sections = db.Sections.Count(s => s.DistrictId == d.Id && s.Source == RosterSource.OneRoster),
                Enrollments = db.Enrollments.Count(e => e.DistrictId == d.Id && e.Source == RosterSource.OneRoster),
                Imports = db.CsvImports.Count(i => i.DistrictId == d.Id),
            }).SingleAsync());
        Assert.Equal((RosterSource.OneRoster, DemoData.OneRosterStudents, 1), (oneRoster.RosterSource, oneRoster.Students, oneRoster.Imports));
        Assert.True(oneRoster.Sections > 0 && oneRoster.Enrollments > oneRoster.Students, $"{oneRoster.Sections} sections, {oneRoster.Enrollments} enrollments");
        var seats = await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == first.DistrictId).Select(s => s.LicensedStudentSeats).SingleAsync());
        Assert.Equal(700, seats);
    }

    [Fact]
    public async Task The_demo_owner_signs_in_and_lands_on_the_demo_dashboard()
    {
        await Fixture.SendAsync(new DemoData.Command());
        using var session = Fixture.CreateSession();
        await session.SignInAsync(DemoData.Owner.Email, DemoData.Owner.Password);

        var home = await session.GetPageAsync("/");
        Assert.Contains("Demo Unified", home.Html);
        Assert.Contains("700 student seats", home.Html);
    }
}
