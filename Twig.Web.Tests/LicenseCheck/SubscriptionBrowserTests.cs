using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.LicenseCheck;

public sealed class SubscriptionBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task A_support_admin_lowers_seats_and_sees_the_usage_update()
    {
        var district = await Fixture.InsertDistrictAsync("browser", seats: 100);
        await Fixture.InsertStudentsAsync(district.Id, 9);
        var email = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);

        await BrowserFixture.SignInAsync(page, email);
        await BrowserFixture.EnterSignInCodeAsync(page, email);
        await page.WaitForURLAsync("**/support");

        await page.GetByRole(AriaRole.Row, new() { Name = "District browser" }).GetByRole(AriaRole.Link, new() { Name = "Edit subscription" }).ClickAsync();
        await page.WaitForURLAsync($"**/support/districts/{district.Id}/subscription");
        Assert.Equal("9 of 100 student seats used", await page.GetByTestId("seat-usage-numbers").InnerTextAsync());

        await page.GetByLabel("Licensed student seats").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save subscription" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("subscription-saved")).ToContainTextAsync("seats 100 → 10");
        Assert.Equal("9 of 10 student seats used", await page.GetByTestId("seat-usage-numbers").InnerTextAsync());
        Assert.Equal("Near limit", await page.GetByTestId("seat-usage-state").InnerTextAsync());
        Assert.Contains("90 % of licensed seats are in use", await page.GetByTestId("seat-usage-banner").InnerTextAsync());

        await page.GetByLabel("Licensed student seats").FillAsync("8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save subscription" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("subscription-saved-warning")).ToContainTextAsync("9 students are active but only 8 seats are licensed");
        Assert.Equal("Over licence", await page.GetByTestId("seat-usage-state").InnerTextAsync());
    }
}
