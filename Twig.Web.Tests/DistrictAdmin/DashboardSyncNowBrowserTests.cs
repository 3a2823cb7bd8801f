using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>"Sync now" on the owner's dashboard when the waiting time between syncs ends: over HTTP, then in Chromium.</summary>
public sealed class DashboardSyncNowBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Within_the_waiting_time_the_reason_carries_the_moment_it_ends_in_ISO_8601_UTC()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        var run = await Fixture.SyncAsync(district.Id);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var page = await owner.GetPageAsync("/district");

        var end = DateTime.SpecifyKind(run.RequestedAt + Cooldown, DateTimeKind.Utc);
        Assert.Contains("data-testid=\"sync-unavailable\" data-available-at=\"" +
            end.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\">", page.Html);
        Assert.Contains("you can sync again", page.TextOf("sync-unavailable", "span"));
        // The sync history's Sync now is the same button, enabled by the same script.
        var history = await owner.GetPageAsync($"/districts/{district.Id}/sync");
        Assert.Contains("data-testid=\"sync-unavailable\" data-available-at=\"" +
            end.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + "\">", history.Html);
        Assert.Matches(@"<script src=""/js/sync-now\.[a-z0-9]+\.js""></script>", history.Html);
    }

    [Fact]
    public async Task A_reason_that_no_waiting_ends_carries_no_moment()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        await Fixture.SendAsync(new Features.CleverSync.Runs.RequestSync.Command(district.Id, SyncTrigger.OnDemand));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var page = await owner.GetPageAsync("/district");

        Assert.StartsWith("Sync now is available again when run #", page.TextOf("sync-unavailable", "span"));
        Assert.DoesNotContain("data-available-at", page.Html);
    }

    [SkippableFact]
    public async Task The_button_is_enabled_without_a_reload_when_the_waiting_time_ends()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        var run = await Fixture.SyncAsync(district.Id);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        await BrowserFixture.SignInAsync(page, email);
        await page.WaitForURLAsync("**/district");
        // The run was asked for long enough ago that its waiting time ends a few seconds after the page is read.
        await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.Id == run.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.RequestedAt, DateTime.UtcNow - Cooldown + TimeSpan.FromSeconds(10))));
        await page.ReloadAsync();
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Sync now", Exact = true });
        await Assertions.Expect(button).ToBeDisabledAsync();
        await Assertions.Expect(page.GetByTestId("sync-unavailable")).ToContainTextAsync("you can sync again");

        await Assertions.Expect(button).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("sync-unavailable")).ToBeHiddenAsync();
        await button.ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("Sync started.");
    }
}
