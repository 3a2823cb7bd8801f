using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>The owner dashboard and the support console in Chromium, with the test playing the background sync worker.</summary>
public sealed class ConsoleBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    private async Task<IPage> SignInAsync(string email, string password, string landing)
    {
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) _cspViolations.Add(page.Url + " " + message.Text + " " + message.Location);
        };
        await BrowserFixture.SignInAsync(page, email, password);
        if (landing == "/support") await BrowserFixture.EnterSignInCodeAsync(page, email);
        await page.WaitForURLAsync("**" + landing);
        return page;
    }

    private readonly List<string> _cspViolations = [];

    [SkippableFact]
    public async Task The_owner_presses_sync_now_watches_the_progress_end_and_sees_the_run_in_history_and_chart()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 120, seats: 1000);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var page = await SignInAsync(email, Accounts.Password, "/district");
        Assert.Equal(0, await page.Locator("[data-testid=activity-chart] circle[data-run]").CountAsync());
        Assert.Matches(new Regex("(AM|PM) (PST|PDT)"), await page.GetByTestId("next-nightly").InnerTextAsync());
        // The script rewrote the server's UTC time in the browser's own zone and words.
        Assert.Matches(new Regex("^[A-Z][a-z]{2}, [A-Z][a-z]{2} \\d+, \\d+:\\d\\d (AM|PM)"), await page.Locator("[data-testid=next-nightly] time[data-local-time]").InnerTextAsync());
        Assert.True(await page.Locator("[data-testid=next-nightly] [data-local-time-line]").IsVisibleAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync now" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("Sync started.");
        await Assertions.Expect(page.GetByTestId("current-run").Locator("progress")).ToBeVisibleAsync();
        Assert.Contains("available again when run", await page.GetByTestId("sync-unavailable").InnerTextAsync());
        var runId = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.DistrictId == district.Id).Select(r => r.Id).SingleAsync());

        await Fixture.ProcessQueueAsync(district.Id);

        var row = page.Locator($"[data-testid=runs] tr[data-run='{runId}']");
        await Assertions.Expect(row).ToContainTextAsync(new Regex("Succeeded"), new() { Timeout = 20_000 });
        Assert.Equal(0, await page.GetByTestId("current-run").CountAsync());
        Assert.Equal(1, await page.Locator($"[data-testid=activity-chart] circle[data-run='{runId}']").CountAsync());
        Assert.NotEqual("None yet", await page.GetByTestId("last-success").InnerTextAsync());
        Assert.Contains("you can sync again in", await page.GetByTestId("sync-unavailable").InnerTextAsync());
        Assert.Empty(_cspViolations);
    }

    [SkippableFact]
    public async Task A_support_admin_creates_a_district_and_its_owner_sets_seats_approves_clever_and_the_initial_sync_runs()
    {
        var clever = Fixture.NewSandboxDistrict(students: 50);
        await Fixture.SendAsync(new Features.CleverSync.Connections.DiscoverConnections.Command());
        var email = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        var page = await SignInAsync(email, Accounts.Password, "/support");

        await page.GetByRole(AriaRole.Link, new() { Name = "Create district" }).ClickAsync();
        await page.GetByLabel("District name").FillAsync("Ogdenville Unified");
        await page.GetByLabel("Slug").FillAsync("ogdenville");
        await page.GetByLabel("Licensed student seats").FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create district" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Ogdenville Unified");
        var districtUrl = new Uri(page.Url).AbsolutePath;

        await page.GetByRole(AriaRole.Link, new() { Name = "Owner account" }).ClickAsync();
        await page.GetByLabel("Owner's name").FillAsync("Olga Owner");
        await page.GetByLabel("Owner's e-mail").FillAsync("olga@ogdenville.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create owner account" }).ClickAsync();
        var password = await page.GetByTestId("password").InnerTextAsync();
        // The copy button (copy-text.js; hidden without JavaScript) puts the one-time password on the clipboard.
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByTestId("copy-password").ClickAsync();
        await Assertions.Expect(page.GetByTestId("copy-password")).ToHaveTextAsync("Copied");
        Assert.Equal(password.Trim(), await page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        await page.GotoAsync(districtUrl);
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit subscription" }).ClickAsync();
        await page.GetByLabel("Licensed student seats").FillAsync("100");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save subscription" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("subscription-saved")).ToContainTextAsync("seats 40 → 100");

        await page.GotoAsync(districtUrl);
        var request = page.Locator("[data-testid=pending-connections] tr[data-connection]", new() { HasText = clever.Options.Name });
        await request.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Approve for") }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync("the initial sync is queued");
        Assert.StartsWith($"Connected ({clever.Options.Name})", (await page.GetByTestId("connection-state").InnerTextAsync()).Trim());

        await Fixture.ProcessQueueAsync();
        await page.ReloadAsync();
        Assert.Contains("Initial", await page.Locator("[data-testid=runs]").InnerTextAsync());
        Assert.Matches(new Regex("Succeeded"), await page.Locator("[data-testid=runs] tbody tr").First.InnerTextAsync());
        Assert.Matches(new Regex(@"\d+ of 100 student seats used"), await page.GetByTestId("seat-usage-numbers").InnerTextAsync());

        // A one-time password from support is replaced before anything else.
        var owner = await SignInAsync("olga@ogdenville.test", password, "/account/password");
        await owner.GetByLabel("Current password").FillAsync(password);
        await owner.GetByLabel("New password (at least 12 characters)").FillAsync("olga-chose-this-one");
        await owner.GetByLabel("New password again").FillAsync("olga-chose-this-one");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(owner.GetByText("Your password has been changed.")).ToBeVisibleAsync();
        await owner.GotoAsync("/district");
        Assert.Equal("Connected", await owner.GetByTestId("connection-state").InnerTextAsync());
        Assert.Equal(4, await owner.Locator("[data-testid=checklist-step][data-state=Done]").CountAsync());
        Assert.Empty(_cspViolations);
    }

    [SkippableFact]
    public async Task Support_opens_a_failed_run_and_downloads_its_warnings()
    {
        var district = await Fixture.InsertDistrictAsync("failing");
        var run = new SyncRun
        {
            DistrictId = district.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = DateTime.UtcNow.AddHours(-2),
            StartedAt = DateTime.UtcNow.AddHours(-2), FinishedAt = DateTime.UtcNow.AddHours(-2).AddMinutes(3), Status = SyncRunStatus.Failed, Phase = SyncPhase.Done,
            Message = "Clever answered 503 for /v3.0/sections after 4 retries. Nothing was applied and nobody was deactivated.",
            Issues =
            [
                new SyncIssue { Severity = IssueSeverity.Warning, EntityType = RosterEntityType.Person, ExternalId = "58da8c6b", Field = "name.last", Message = "Missing last name; skipped" },
                new SyncIssue { Severity = IssueSeverity.Warning, EntityType = RosterEntityType.Section, ExternalId = "5b2ad81a", Field = "teacher", Message = "Section without a teacher" },
            ],
        };
        await Fixture.InsertAsync(run);
        var email = await Fixture.CreateAsync(TwigRoles.Support);
        var page = await SignInAsync(email, Accounts.Password, "/support");

        await page.GetByRole(AriaRole.Link, new() { Name = "Failed: 1" }).ClickAsync();
        await page.Locator("tr[data-district=failing]").GetByRole(AriaRole.Link, new() { Name = "District failing" }).ClickAsync();
        await page.Locator($"[data-testid=runs] tr[data-run='{run.Id}']").GetByRole(AriaRole.Link, new() { Name = $"#{run.Id}" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Failed");
        Assert.Contains("Clever answered 503", await page.GetByTestId("run-message").InnerTextAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download all warnings (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("58da8c6b", csv);
        Assert.Contains("Section without a teacher", csv);
        Assert.Contains(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Select(a => a.Action).ToListAsync()), a => a == "district.viewed");
        Assert.Empty(_cspViolations);
    }
}
