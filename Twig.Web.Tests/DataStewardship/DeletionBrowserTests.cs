using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Features.DataStewardship;
using Twig.Web.Infrastructure.Web.Times;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DataStewardship;

/// <summary>A support admin deletes a district's data in Chromium: two steps typing the slug, the grace period, the certificate.</summary>
public sealed class DeletionBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task A_support_admin_schedules_the_deletion_in_two_steps_and_after_the_grace_period_reads_and_downloads_the_certificate()
    {
        var district = await Fixture.InsertDistrictAsync("lakeside");
        await Fixture.SeedRosterAsync(district.Id, 100, "lakeside");
        var ownerEmail = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var email = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        await BrowserFixture.SignInAsync(page, email);
        await BrowserFixture.EnterSignInCodeAsync(page, email);
        await page.WaitForURLAsync("**/support");

        await page.GotoAsync($"/support/districts/{district.Id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Data export and deletion" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete district data…" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("what")).ToContainTextAsync("104 people");

        // Step one: the slug must be typed exactly.
        await page.GetByLabel("Type the district's slug").FillAsync("Lakeside");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("slug-error")).ToContainTextAsync("Type the slug exactly: lakeside");
        await page.GetByLabel("Type the district's slug").FillAsync("lakeside");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        // Step two: the date and who is told, then the confirmation.
        // The date reads in the district's zone (Pacific unless set); the notice adds the UTC instant support quotes.
        var dueAt = DateTime.UtcNow.AddDays(30);
        var due = DisplayTime.Format(dueAt, DisplayTime.ZoneOrDefault(district.TimeZoneId), TimePart.Date);
        await Assertions.Expect(page.GetByTestId("confirm-step")).ToContainTextAsync(due);
        await Assertions.Expect(page.GetByTestId("confirm-step")).ToContainTextAsync(ownerEmail);
        Assert.Equal(0, await Fixture.CountAsync<DistrictDeletion>());
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule the deletion" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice")).ToContainTextAsync(new Regex($@"scheduled for {Regex.Escape(due)} .* \({dueAt:yyyy-MM-dd} \d\d:\d\d:\d\d UTC\)"));
        await Assertions.Expect(page.GetByTestId("deletion-scheduled")).ToBeVisibleAsync();
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKind.DistrictDeletionScheduled && n.RecipientEmail == ownerEmail)));

        // The grace period passes and the hourly job runs (the test plays the scheduler).
        await Fixture.ExecuteDbContextAsync(db => db.DistrictDeletions.ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAt, DateTime.UtcNow.AddMinutes(-1))));
        await Fixture.ExecuteScopeAsync(sp => sp.GetRequiredService<DeletionJob.Invocable>().Invoke());

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("deleted")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Deletion certificate" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-table=People]")).ToContainTextAsync("104");
        await Assertions.Expect(page.GetByTestId("completed")).ToContainTextAsync("deletion schedule");
        await Assertions.Expect(page.GetByTestId("export-hash")).ToContainTextAsync("none");

        var downloadWait = page.WaitForDownloadAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Download the certificate (HTML)" }).ClickAsync();
        var download = await downloadWait;
        Assert.StartsWith("twig-deletion-certificate-lakeside-", download.SuggestedFilename);
        var html = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains("Certificate of data deletion", html);
        Assert.Contains("<td>People</td><td>104</td>", html);
    }
}
