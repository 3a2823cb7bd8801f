using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

/// <summary>A new staff member in Chromium: own password, two-factor enrolment from the page, then a sign-in with a TOTP code.</summary>
public sealed class TwoFactorBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task New_staff_enrol_in_two_factor_sign_in_and_sign_in_again_with_a_code()
    {
        var created = await Fixture.SendAsync(new CreateStaffAccount.Command("browser.staff@twig.test", TwigRoles.SupportAdmin));
        var page = await browser.NewPageAsync(Fixture.BaseAddress);
        const string chosen = "browser-staff-password";

        await BrowserFixture.SignInAsync(page, "browser.staff@twig.test", created.OneTimePassword);
        await page.WaitForURLAsync("**/account/password");
        await page.GetByLabel("Current password").FillAsync(created.OneTimePassword);
        await page.GetByLabel("New password (at least 12 characters)").FillAsync(chosen);
        await page.GetByLabel("New password again").FillAsync(chosen);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();

        // Any page now leads to the enrolment.
        await page.GotoAsync("/support");
        await page.WaitForURLAsync("**/account/two-factor");
        await Assertions.Expect(page.GetByTestId("two-factor-required")).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("qr-code").EvaluateAsync<int>("img => img.naturalWidth") > 100, "the QR code image did not load");
        var key = (await page.GetByTestId("shared-key").InnerTextAsync()).Replace(" ", "").ToUpperInvariant();
        await page.GetByLabel("Code from the app").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recovery-codes").Locator("li")).ToHaveCountAsync(10);
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue to Twig" }).ClickAsync();
        await page.WaitForURLAsync("**/support");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");
        await page.GetByLabel("E-mail").FillAsync("browser.staff@twig.test");
        await page.GetByLabel("Password").FillAsync(chosen);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/login/two-factor**");
        // The enrolment used this step's code, and a code is taken once: the app's next code signs in.
        await page.GetByLabel("Code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/support");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
    }
}
