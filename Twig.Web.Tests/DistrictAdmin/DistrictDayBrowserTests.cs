using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>The owner's and support's day in Chromium: approving in the console, live progress, true counts, failures, phones.</summary>
public sealed class DistrictDayBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    private readonly List<string> _cspViolations = [];

    private async Task<IPage> SignInAsync(string email, string landing, ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        if (viewport is not null) await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) _cspViolations.Add(page.Url + " " + message.Text);
        };
        await BrowserFixture.SignInAsync(page, email);
        if (landing == "/support") await BrowserFixture.EnterSignInCodeAsync(page, email);
        await page.WaitForURLAsync("**" + landing);
        return page;
    }

    [SkippableFact]
    public async Task Approving_in_the_console_with_the_initial_sync_ticked_queues_and_runs_it()
    {
        var clever = Fixture.NewSandboxDistrict(students: 30);
        var district = await Fixture.InsertDistrictAsync("shelbyville");
        await Fixture.SendAsync(new Features.CleverSync.Connections.DiscoverConnections.Command());
        var page = await SignInAsync(await Fixture.CreateAsync(TwigRoles.SupportAdmin), "/support");

        // The sandbox keeps the other tests' Clever districts, so the count is read, then matched on the connections page.
        var link = await page.GetByTestId("pending-connections-link").InnerTextAsync();
        var waiting = Regex.Match(link, @"\((\d+) waiting for approval\)").Groups[1].Value;
        Assert.NotEqual("", waiting);
        await page.GetByTestId("pending-connections-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("pending-count")).ToContainTextAsync($"{waiting} connection");
        // Waits for the whole list: with every test's sandbox district the page is long, and a count read at once can see part of it.
        await Assertions.Expect(page.Locator("[data-connection] form button", new() { HasTextRegex = new Regex("^Approve") })).ToHaveCountAsync(int.Parse(waiting));
        var card = page.Locator($"[data-connection='{clever.Id}']");
        await Assertions.Expect(card.GetByTestId("connection-state")).ToHaveTextAsync("Waiting for approval");
        await card.GetByLabel("Twig district (slug)").FillAsync(district.Slug);
        Assert.True(await card.GetByLabel("Run the initial sync").IsCheckedAsync());
        await card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Approve") }).ClickAsync();
        // The Clever district and "shelbyville" are named differently: the page asks to confirm the link, keeping what was typed.
        var confirm = card.GetByLabel(new Regex("^Yes, link "));
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.AnyAsync(r => r.DistrictId == district.Id)));
        await Assertions.Expect(card.GetByLabel("Twig district (slug)")).ToHaveValueAsync(district.Slug);
        await card.GetByLabel("Run the initial sync").CheckAsync();
        await confirm.CheckAsync();
        await card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Approve") }).ClickAsync();
        await Assertions.Expect(page.GetByText("The initial sync is queued.")).ToBeVisibleAsync();

        var run = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.SingleAsync(r => r.DistrictId == district.Id));
        Assert.Equal(SyncTrigger.Initial, run.Trigger);
        await Fixture.ProcessQueueAsync(district.Id);
        await page.ReloadAsync();
        var row = page.Locator("tr", new() { HasText = $"#{run.Id}" });
        await Assertions.Expect(row).ToContainTextAsync("Initial");
        await Assertions.Expect(row).ToContainTextAsync("Succeeded");
        Assert.Empty(_cspViolations);
    }

    [SkippableFact]
    public async Task Live_progress_shows_the_step_counts_with_units_and_a_moving_bar_then_the_outcome()
    {
        var district = await Fixture.InsertDistrictAsync("live");
        var run = new SyncRun
        {
            DistrictId = district.Id, Trigger = SyncTrigger.OnDemand, RequestedBy = "owner", RequestedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow,
            Status = SyncRunStatus.Running, Phase = SyncPhase.FetchingSchools,
        };
        await Fixture.InsertAsync(run);
        // The test plays the running sync by writing to the live board the worker writes to.
        var board = Fixture.Services.GetRequiredService<Features.CleverSync.Sync.SyncProgressBoard>();
        var progress = board.Track(run.Id);
        await progress.PhaseAsync(SyncPhase.FetchingPeople);
        progress.Fetched(1204);
        try
        {
            var page = await SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id), "/district");
            var box = page.GetByTestId("current-run");
            await Assertions.Expect(box.GetByTestId("progress-step")).ToContainTextAsync("Step 2 of 5");
            Assert.Equal("polite", await box.GetByTestId("progress-step").GetAttributeAsync("aria-live"));
            await Assertions.Expect(box.GetByTestId("progress-count")).ToHaveTextAsync("1,204 people fetched");
            var before = double.Parse((await box.Locator("progress").GetAttributeAsync("value"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotContain("Finished", await box.InnerTextAsync());
            Assert.Equal(0, await page.GetByText("already running").CountAsync());

            await progress.PhaseAsync(SyncPhase.Applying, total: 2000);
            progress.Advanced(1000);
            await Assertions.Expect(box.GetByTestId("progress-step")).ToContainTextAsync("Step 5 of 5");
            await Assertions.Expect(box.GetByTestId("progress-count")).ToHaveTextAsync("1,000 of 2,000 changes applied");
            var after = await box.Locator("progress").EvaluateAsync<double>("bar => bar.value");
            Assert.True(after > before, $"the bar moved from {before} to {after}");

            await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.Status, SyncRunStatus.Succeeded).SetProperty(r => r.Phase, SyncPhase.Done)
                .SetProperty(r => r.FinishedAt, DateTime.UtcNow).SetProperty(r => r.Message, "Nothing changed in Clever since the last sync.")));
            await Assertions.Expect(page.Locator($"[data-testid=runs] tr[data-run='{run.Id}']")).ToContainTextAsync("Succeeded", new() { Timeout = 20_000 });
            Assert.Equal(0, await page.GetByTestId("current-run").CountAsync());
            Assert.Empty(_cspViolations);
        }
        finally
        {
            board.Forget(run.Id);
        }
    }

    [SkippableFact]
    public async Task After_a_failed_sync_the_dashboard_explains_it_and_the_owner_retries_at_once()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 20);
        var failed = new SyncRun
        {
            DistrictId = district.Id, Trigger = SyncTrigger.OnDemand, RequestedBy = "owner", RequestedAt = DateTime.UtcNow.AddMinutes(-1),
            StartedAt = DateTime.UtcNow.AddMinutes(-1), FinishedAt = DateTime.UtcNow.AddSeconds(-30), Status = SyncRunStatus.Failed, Phase = SyncPhase.Done,
            Message = "Clever answered 503 for /v3.0/sections. Nothing was applied and nobody was deactivated.",
        };
        await Fixture.InsertAsync(failed);
        var page = await SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id), "/district");

        var banner = page.GetByTestId("failure-banner");
        await Assertions.Expect(banner).ToContainTextAsync("What happened:");
        await Assertions.Expect(banner).ToContainTextAsync("Clever answered 503");
        await Assertions.Expect(banner).ToContainTextAsync("What still works: signing in with Clever");
        await Assertions.Expect(banner).ToContainTextAsync("Next step: Press Sync now to try again");
        Assert.Equal(0, await page.GetByTestId("sync-unavailable").CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("Sync started.");
        await Fixture.ProcessQueueAsync(district.Id);
        await page.ReloadAsync();
        Assert.Equal(0, await page.GetByTestId("failure-banner").CountAsync());
        Assert.Empty(_cspViolations);
    }

    [SkippableFact]
    public async Task On_a_phone_no_page_scrolls_sideways_and_the_menu_opens_without_javascript()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 40);
        var run = await Fixture.SyncAsync(district.Id);
        var phone = new ViewportSize { Width = 390, Height = 844 };
        var owner = await SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id), "/district", phone);
        foreach (var url in new[] { "/district", $"/districts/{district.Id}/sync", $"/districts/{district.Id}/sync/runs/{run.Id}", "/district/import", "/district/import/history" })
            await AssertNoSidewaysScrollAsync(owner, url);

        var support = await SignInAsync(await Fixture.CreateAsync(TwigRoles.SupportAdmin), "/support", phone);
        foreach (var url in new[] { "/support", "/support/connections", $"/support/districts/{district.Id}" })
            await AssertNoSidewaysScrollAsync(support, url);

        var menu = support.GetByRole(AriaRole.Link, new() { Name = "Clever connections" });
        Assert.False(await menu.IsVisibleAsync());
        var header = await support.Locator("header").BoundingBoxAsync();
        Assert.True(header!.Height < 100, $"the collapsed navbar is {header.Height} px tall");
        await support.GetByTestId("nav-toggle").ClickAsync();
        await menu.WaitForAsync();
        Assert.Empty(_cspViolations);
    }

    [SkippableFact]
    public async Task A_csv_district_gets_an_upload_first_dashboard_with_its_imports_and_a_chart_from_its_first_day()
    {
        var district = await Fixture.InsertDistrictAsync("csvonly");
        var student = Harness.People.New(district.Id, PersonRoles.Student, RosterSource.Csv);
        student.CreatedAt = DateTime.UtcNow.AddDays(-3);
        var import = new CsvImport
        {
            DistrictId = district.Id, UploadedBy = "Olga Owner", UploadedAt = DateTime.UtcNow.AddDays(-3), FileName = "users.csv", Sha256 = new string('c', 64),
            RowCount = 1, Status = CsvImportStatus.Applied, Created = 1,
        };
        await Fixture.InsertAsync(student, import);
        var page = await SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id), "/district");

        await Assertions.Expect(page.GetByTestId("csv-roster").GetByRole(AriaRole.Link, new() { Name = "Upload users.csv" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("csv-roster")).ToContainTextAsync("Last applied upload:");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).CountAsync());
        await Assertions.Expect(page.GetByTestId("recent-imports").Locator($"tr[data-import='{import.Id}']")).ToContainTextAsync("Applied");
        await Assertions.Expect(page.GetByTestId("checklist")).ToContainTextAsync("users.csv");

        var chart = page.GetByTestId("activity-chart");
        Assert.Equal(Features.DistrictAdmin.DistrictActivity.MinimumDays.ToString(), await chart.GetAttributeAsync("data-days"));
        Assert.InRange(await chart.GetByTestId("date-tick").CountAsync(), 2, 8);
        Assert.Contains("1 active student,", await chart.GetByTestId("day-value").Last.TextContentAsync());

        await page.SetViewportSizeAsync(390, 844);
        await AssertNoSidewaysScrollAsync(page, "/district");
        Assert.Empty(_cspViolations);
    }

    [SkippableFact]
    public async Task The_owner_and_support_find_people_and_classes_and_the_owner_downloads_an_upload_ready_users_csv()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60);
        await Fixture.SyncAsync(district.Id);
        var csvPerson = Harness.People.New(district.Id, PersonRoles.Teacher, RosterSource.Csv);
        csvPerson.FirstName = "=HYPERLINK(1)";
        csvPerson.PasswordHash = "AQAAAAsecret-hash";
        await Fixture.InsertAsync(csvPerson);
        var someone = await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == district.Id && p.Source == RosterSource.Clever)
            .OrderBy(p => p.Id).Select(p => new { p.FirstName, p.LastName }).FirstAsync());

        var owner = await SignInAsync(await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id), "/district");
        await owner.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).First.ClickAsync();
        await Assertions.Expect(owner.GetByRole(AriaRole.Link, new() { Name = "Next" })).ToBeVisibleAsync();
        await owner.GetByLabel("Search by name, e-mail, username or id").FillAsync(someone.LastName);
        await owner.GetByLabel("Sort by").SelectOptionAsync("signin");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(owner.GetByTestId("people")).ToContainTextAsync($"{someone.FirstName} {someone.LastName}");
        await Assertions.Expect(owner.GetByTestId("people")).ToContainTextAsync("Never");

        var download = await owner.RunAndWaitForDownloadAsync(() => owner.GetByTestId("export").ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("\uFEFFuser_id,first_name,last_name,username,password,role,email,school_names", csv);
        Assert.Contains($"{csvPerson.ExternalId},'=HYPERLINK(1),{csvPerson.LastName},,,teacher,,", csv);
        Assert.DoesNotContain("secret-hash", csv);
        Assert.DoesNotContain(someone.LastName, csv);

        var support = await SignInAsync(await Fixture.CreateAsync(TwigRoles.Support), "/support");
        await support.GotoAsync($"/support/districts/{district.Id}");
        await support.GetByRole(AriaRole.Link, new() { Name = "Classes", Exact = true }).ClickAsync();
        await Assertions.Expect(support.GetByTestId("classes-total")).ToContainTextAsync("classes");
        Assert.True(await support.Locator("[data-testid=classes] tbody tr").CountAsync() > 0);
        await support.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).Last.ClickAsync();
        Assert.Equal(0, await support.GetByTestId("export").CountAsync());
        Assert.Empty(_cspViolations);
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"{url} is {widths[0]} px wide in a {widths[1]} px window");
    }
}
