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
        Assert.Equal(1, await Fixture.CountAsync<District>());
        Assert.Equal(3, await Fixture.CountAsync<TwigUser>());
        var seats = await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Select(s => s.LicensedStudentSeats).SingleAsync());
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
