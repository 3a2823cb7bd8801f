using Microsoft.Playwright;

namespace Twig.Web.Tests.Harness;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download cannot work here). Without Chromium,
/// browser tests are reported as skipped with the reason, unless TWIG_REQUIRE_BROWSER=1 makes that a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static bool Required => Environment.GetEnvironmentVariable("TWIG_REQUIRE_BROWSER") == "1";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) on a page; skips or fails the test when there is no Chromium.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        if (_browser is null)
        {
            var reason = $"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium).";
            if (Required) throw new InvalidOperationException(reason + " TWIG_REQUIRE_BROWSER=1 requires it.");
            throw new SkipException(reason);
        }
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>The form of <c>/login</c> filled in and sent as a person does; the caller waits for where it leads.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = Accounts.Password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>The second sign-in step of a harness staff account (enrolled with <see cref="Accounts.AuthenticatorKey"/>).</summary>
    public static async Task EnterSignInCodeAsync(IPage page, string email)
    {
        await page.WaitForURLAsync("**/login/two-factor**");
        await page.GetByLabel("Code").FillAsync(await Accounts.NextCodeAsync(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
