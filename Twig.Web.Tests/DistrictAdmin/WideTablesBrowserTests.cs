using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>
/// Wide tables in Chromium: on a 1280 px laptop window every column of the dashboard's runs is in view, and on a phone a
/// table scrolls inside its own box with its caption readable, while the page itself never scrolls sideways.
/// </summary>
public sealed class WideTablesBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task The_dashboard_shows_every_run_column_at_1280_px_and_a_run_page_keeps_its_caption_on_a_phone()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        var run = await Fixture.SyncAsync(district.Id);
        // The widest a run row gets: a long e-mail as who asked, a six-digit count.
        await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.RequestedBy, "district.technology.coordinator@maple-unified.k12.ca.us")));
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        await page.SetViewportSizeAsync(1280, 800);
        await BrowserFixture.SignInAsync(page, email);
        await page.WaitForURLAsync("**/district");

        var warnings = page.GetByTestId("runs").GetByRole(AriaRole.Columnheader, new() { Name = "Warnings" });
        var header = await warnings.BoundingBoxAsync();
        Assert.NotNull(header);
        Assert.True(header.X >= 0 && header.X + header.Width <= 1280, $"Warnings is at {header.X}–{header.X + header.Width} px in a 1280 px window");
        var clipped = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.table-responsive')].filter(t => t.scrollWidth > t.clientWidth + 1).length");
        var columns = await page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('[data-testid=runs] th')].map(t => t.textContent + ' ' + Math.round(t.offsetWidth)).join(', ')");
        Assert.True(clipped == 0, $"{clipped} table(s) of the dashboard scroll sideways at 1280 px (columns: {columns})");

        await page.SetViewportSizeAsync(375, 740);
        foreach (var url in new[] { "/district", $"/districts/{district.Id}/sync/runs/{run.Id}", $"/districts/{district.Id}/sync" })
        {
            await page.GotoAsync(url);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1], $"{url} is {widths[0]} px wide in a {widths[1]} px window");
            foreach (var caption in await page.Locator("caption").AllAsync())
            {
                var box = await caption.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= 375,
                    $"{url}: the caption \"{await caption.TextContentAsync()}\" is at {box.X}–{box.X + box.Width} px in a 375 px window");
            }
        }
    }
}
