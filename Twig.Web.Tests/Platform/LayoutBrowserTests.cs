using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

public sealed class LayoutBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task An_owner_signs_in_sees_their_navigation_and_signs_out()
    {
        var district = await Fixture.InsertDistrictAsync("layout", seats: 40);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var page = await browser.NewPageAsync(Fixture.BaseAddress);

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).First.ClickAsync();
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Accounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await page.WaitForURLAsync("**/district");
        Assert.Equal("District layout", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Test DistrictOwner", await page.GetByTestId("signed-in-as").InnerTextAsync());
        Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).IsVisibleAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");
        Assert.Equal(0, await page.GetByTestId("signed-in-as").CountAsync());
    }
}
