using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

public sealed class SyncBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task The_owner_presses_sync_now_and_watches_the_run_finish()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 80);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/district");

        await page.GotoAsync($"/districts/{district.Id}/sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await page.WaitForURLAsync($"**/districts/{district.Id}/sync/runs/*");
        Assert.True(await page.Locator("#live-progress progress").IsVisibleAsync());

        // The test plays the background worker; the page notices by itself (polling) and shows the outcome.
        await Fixture.ProcessQueueAsync(district.Id);
        await page.GetByTestId("run-status").Filter(new() { HasText = "Succeeded" }).WaitForAsync();

        Assert.Equal(0, await page.Locator("#live-progress").CountAsync());
        // The counts table's People row (its header cell; a warnings table may hold "People" cells too, depending on the district).
        Assert.True(await page.GetByTestId("run-counts").GetByRole(AriaRole.Rowheader, new() { Name = "People", Exact = true }).IsVisibleAsync());
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("Sync history") }).ClickAsync();
        Assert.True(await page.GetByRole(AriaRole.Cell, new() { Name = "Sync now" }).IsVisibleAsync());
    }
}
