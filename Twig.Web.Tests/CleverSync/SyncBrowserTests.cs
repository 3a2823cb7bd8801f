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
        await BrowserFixture.SignInAsync(page, email);
        await page.WaitForURLAsync("**/district");

        await page.GotoAsync($"/districts/{district.Id}/sync");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await page.WaitForURLAsync($"**/districts/{district.Id}/sync/runs/*");
        // Waited for, not checked at once: each step below may find the page still rendering on a loaded machine.
        await page.Locator("#live-progress progress").WaitForAsync();

        // The test plays the background worker; the page notices by itself (polling) and shows the outcome.
        await Fixture.ProcessQueueAsync(district.Id);
        await page.GetByTestId("run-status").Filter(new() { HasText = "Succeeded" }).WaitForAsync();

        await page.Locator("#live-progress").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        // The counts table's People row (its header cell; a warnings table may hold "People" cells too, depending on the district).
        await page.GetByTestId("run-counts").GetByRole(AriaRole.Rowheader, new() { Name = "People", Exact = true }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("Sync history") }).ClickAsync();
        // The click starts the navigation without waiting for it: the history's cell is waited for.
        await page.GetByRole(AriaRole.Cell, new() { Name = "Sync now" }).First.WaitForAsync();
    }
}
