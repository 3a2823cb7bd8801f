using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>A sync the licence blocked, as the owner's dashboard shows it over real HTTP, until a later sync applies.</summary>
public sealed class DashboardLicenceBlockTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task A_sync_blocked_by_the_licence_leads_the_dashboard_with_its_numbers_and_ways_out_until_a_later_sync_applies()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 60, seats: 100);
        Assert.True((await Fixture.SyncAsync(district.Id)).Status.IsSuccess());
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var healthy = await owner.GetPageAsync("/district");
        Assert.Equal("OK", healthy.TextOf("seat-usage-state", "span"));
        Assert.Equal("Nothing to do.", healthy.TextOf("connection-todo", "dd"));

        Assert.True(clever.Changes.AddStudents(100) > 40); // percent: about 120 students for 100 seats
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        var blocked = await Fixture.SyncAsync(district.Id);
        Assert.Equal(SyncRunStatus.BlockedByLicense, blocked.Status);
        Assert.Equal(LicenceBlockReason.TooManyStudents, blocked.LicenceBlockReason);

        var page = await owner.GetPageAsync("/district");
        var banner = page.TextOf("licence-block-banner", "div");
        Assert.Matches($@"^The last sync was blocked by the licence What happened: run #{blocked.Id}: Blocked by the licence: " +
            @"\d+ students would be active; 100 are licensed. Nothing was applied. What to do: In Clever, set Twig's sharing rules", banner);
        Assert.EndsWith($"What to do: {LicenceBlock.FewerStudentsOrMoreSeats}", banner);
        // The alert comes first: before the seat card and the Clever box.
        Assert.True(page.Html.IndexOf("licence-block-banner", StringComparison.Ordinal)
            < page.Html.IndexOf("data-testid=\"seat-usage\"", StringComparison.Ordinal));
        Assert.Equal(LicenceBlock.FewerStudentsOrMoreSeats, page.TextOf("connection-todo", "dd"));
        Assert.Equal(LicenceBlock.FewerStudentsOrMoreSeats, page.TextOf("next-step", "p"));
        Assert.Equal("Last sync blocked", page.TextOf("seat-usage-state", "span"));
        Assert.StartsWith("The last sync was blocked by the licence", page.TextOf("seat-usage-blocked", "p"));
        Assert.DoesNotContain("text-bg-success\" data-testid=\"seat-usage-state\"", page.Html);

        // Sync now pressed again: while that run waits, the block stands everywhere, the checklist too (one rule).
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        await Fixture.SendAsync(new Features.CleverSync.Runs.RequestSync.Command(district.Id, SyncTrigger.OnDemand));
        var waiting = await owner.GetPageAsync("/district");
        Assert.Contains("licence-block-banner", waiting.Html);
        Assert.Matches("data-state=\"Problem\">\\s*<strong>Share no more students than you licensed</strong>", waiting.Html);
        await Fixture.ProcessQueueAsync(district.Id);

        // Twig support adds seats; the next sync applies and the dashboard reads as healthy again.
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LicensedStudentSeats, 1_000)));
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        Assert.True((await Fixture.SyncAsync(district.Id)).Status.IsSuccess());

        var lifted = await owner.GetPageAsync("/district");
        Assert.DoesNotContain("licence-block-banner", lifted.Html);
        Assert.DoesNotContain("seat-usage-blocked", lifted.Html);
        Assert.Equal("OK", lifted.TextOf("seat-usage-state", "span"));
        Assert.Equal("Nothing to do.", lifted.TextOf("connection-todo", "dd"));
    }

    [Fact]
    public async Task A_sync_blocked_because_the_subscription_expired_advises_renewal_everywhere_not_sharing_fewer_students()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60, seats: 100);
        Assert.True((await Fixture.SyncAsync(district.Id)).Status.IsSuccess());
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        // Sync now is pressed while the subscription is active; it expires before the worker reaches the licence check.
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        var request = await Fixture.SendAsync(new Features.CleverSync.Runs.RequestSync.Command(district.Id, SyncTrigger.OnDemand));
        Assert.NotNull(request.RunId);
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Expired)));
        await Fixture.ProcessQueueAsync(district.Id);
        var blocked = await Fixture.RunAsync(request.RunId.Value);
        Assert.Equal(SyncRunStatus.BlockedByLicense, blocked.Status);
        Assert.Equal(LicenceBlockReason.SubscriptionExpired, blocked.LicenceBlockReason);

        var page = await owner.GetPageAsync("/district");
        var banner = page.TextOf("licence-block-banner", "div");
        // The run keeps its own message; the advice follows its reason.
        Assert.Contains($"run #{blocked.Id}: Blocked by the licence: The subscription has expired", banner);
        Assert.EndsWith($"What to do: {LicenceBlock.Renew}", banner);
        Assert.Equal(LicenceBlock.Renew, page.TextOf("connection-todo", "dd"));
        Assert.Equal(LicenceBlock.Renew, page.TextOf("next-step", "p"));
        Assert.EndsWith(LicenceBlock.Renew, page.TextOf("seat-usage-blocked", "p"));
        Assert.DoesNotContain("the students it would add", page.TextOf("seat-usage-blocked", "p"));
        // The checklist does not call it a sharing problem.
        Assert.DoesNotContain("Too many students shared", page.Html);
        Assert.DoesNotMatch("data-state=\"Problem\">\\s*<strong>Share no more students than you licensed</strong>", page.Html);
        Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(LicenceBlock.FewerStudentsOrMoreSeats), page.Html);
        Assert.DoesNotContain("no more students are shared than your licence allows", page.Html);
    }
}
