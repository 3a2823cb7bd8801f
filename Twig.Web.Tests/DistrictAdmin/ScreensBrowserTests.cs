using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>
/// Times in the district's zone in Chromium, and the screens of the README: the dashboards (Clever and users.csv), a run
/// during its sync, the people browser and the support console at 1366×900 and 390×844. Every screen must fit its width.
/// With <c>TWIG_SCREENS=1</c> the test also writes them to <c>docs/screens/</c> (see the README); without it nothing is
/// written, so CI never changes the tree.
/// </summary>
public sealed class ScreensBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    private static readonly (string Name, int Width, int Height)[] Sizes = [("desktop", 1366, 900), ("phone", 390, 844)];

    private async Task<IPage> SignInAsync(string email, string landing)
    {
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        await BrowserFixture.SignInAsync(page, email);
        if (landing == "/support") await BrowserFixture.EnterSignInCodeAsync(page, email);
        await page.WaitForURLAsync("**" + landing);
        return page;
    }

    [SkippableFact]
    public async Task The_owner_sets_the_districts_time_zone_and_every_run_time_reads_in_it_with_utc_on_hover()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 20);
        var run = await Fixture.SyncAsync(district.Id);
        var owner = await SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id), "/district");

        await owner.GetByRole(AriaRole.Link, new() { Name = "Time zone", Exact = true }).ClickAsync();
        await owner.GetByLabel("Time zone").FillAsync("Not/AZone");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("zone-error")).ToContainTextAsync("is not a time zone Twig knows");
        await owner.GetByLabel("Time zone").FillAsync("America/New_York");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("notice")).ToContainTextAsync("America/New_York");

        await owner.GotoAsync($"/districts/{district.Id}/sync");
        var started = owner.Locator($"[data-testid=runs] tr[data-run='{run.Id}'] time");
        await Assertions.Expect(started).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@" (EST|EDT)$"));
        Assert.EndsWith(" UTC", await started.GetAttributeAsync("title"));
        var utc = DateTime.Parse((await started.GetAttributeAsync("datetime"))!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal((run.StartedAt ?? run.RequestedAt).ToString("yyyy-MM-dd HH:mm"), utc.ToString("yyyy-MM-dd HH:mm"));

        // Support reads the district's zone, then switches this browser to another one.
        var support = await SignInAsync(await Fixture.CreateAsync(TwigRoles.Support), "/support");
        await support.GotoAsync($"/districts/{district.Id}/sync");
        await Assertions.Expect(support.Locator($"[data-testid=runs] tr[data-run='{run.Id}'] time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@" (EST|EDT)$"));
        await support.GetByTestId("time-zone-switch").GetByRole(AriaRole.Link, new() { Name = "Change" }).ClickAsync();
        await support.GetByLabel("My own time zone").CheckAsync();
        await support.GetByLabel("My time zone").FillAsync("America/Denver");
        await support.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await support.WaitForURLAsync($"**/districts/{district.Id}/sync");
        await Assertions.Expect(support.Locator($"[data-testid=runs] tr[data-run='{run.Id}'] time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@" (MST|MDT)$"));
        await Assertions.Expect(support.GetByTestId("time-zone-switch")).ToContainTextAsync("your time zone, America/Denver");
    }

    [SkippableFact]
    public async Task The_readme_screens_fit_both_widths_and_are_written_on_request()
    {
        var write = Environment.GetEnvironmentVariable("TWIG_SCREENS") == "1";
        var folder = write ? ScreensFolder() : null;

        var (clever, _) = await Fixture.ConnectedDistrictAsync(students: 80, seats: 100);
        await Rename(clever.Id, "Springfield Unified");
        await Fixture.SyncAsync(clever.Id);
        var csv = await Fixture.InsertDistrictAsync("shelby" + Guid.NewGuid().ToString("N")[..4], seats: 60);
        await Rename(csv.Id, "Shelbyville Elementary");
        await Fixture.ImportAsync(csv.Id, CsvFiles.Students(40));

        var cleverOwner = await SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, clever.Id), "/district");
        await ShootAsync(cleverOwner, "/district", "dashboard-clever", folder);
        await ShootAsync(cleverOwner, $"/districts/{clever.Id}/people", "people", folder);
        var csvOwner = await SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, csv.Id), "/district");
        await ShootAsync(csvOwner, "/district", "dashboard-csv", folder);
        var support = await SignInAsync(await Fixture.CreateAsync(TwigRoles.Support), "/support");
        await ShootAsync(support, "/support", "support-console", folder);

        // A run in the middle of its sync: the test plays the worker by writing to the live board it reports to.
        var running = new SyncRun
        {
            DistrictId = clever.Id, Trigger = SyncTrigger.OnDemand, RequestedBy = "Olga Owner", RequestedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow,
            Status = SyncRunStatus.Running, Phase = SyncPhase.FetchingPeople,
        };
        await Fixture.InsertAsync(running);
        var board = Fixture.Services.GetRequiredService<Features.CleverSync.Sync.SyncProgressBoard>();
        var progress = board.Track(running.Id);
        try
        {
            await progress.PhaseAsync(SyncPhase.FetchingPeople);
            progress.Fetched(1204);
            await ShootAsync(cleverOwner, $"/districts/{clever.Id}/sync/runs/{running.Id}", "run-during-sync", folder,
                page => Assertions.Expect(page.GetByTestId("progress-count")).ToHaveTextAsync("1,204 people fetched"));
        }
        finally
        {
            board.Forget(running.Id);
        }
    }

    private Task Rename(int districtId, string name) =>
        Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == districtId).ExecuteUpdateAsync(u => u.SetProperty(d => d.Name, name)));

    /// <summary>At each size: the page has its heading and no sideways scroll; with a folder, its PNG is written there.</summary>
    private static async Task ShootAsync(IPage page, string url, string name, string? folder, Func<IPage, Task>? check = null)
    {
        foreach (var (size, width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync(url);
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            if (check is not null) await check(page);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            Assert.True(widths[0] <= widths[1], $"{url} is {widths[0]} px wide in a {widths[1]} px window");
            if (width >= 1366)
            {
                // On a laptop nothing is cut off: no table needs its own scroll bar (the runs table once hid "Warnings").
                var clipped = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.table-responsive')].filter(t => t.scrollWidth > t.clientWidth + 1).length");
                Assert.True(clipped == 0, $"{url}: {clipped} table(s) scroll sideways at {width} px");
            }
            if (folder is not null)
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}-{size}.png"), FullPage = false, Animations = ScreenshotAnimations.Disabled });
        }
    }

    /// <summary>docs/screens/ of the source tree this test was built from (the folder holding Twig.sln).</summary>
    private static string ScreensFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Twig.sln"))) directory = directory.Parent;
        if (directory is null) throw new InvalidOperationException("TWIG_SCREENS=1 needs the source tree (no Twig.sln above the test binaries).");
        var folder = Path.Combine(directory.FullName, "docs", "screens");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
