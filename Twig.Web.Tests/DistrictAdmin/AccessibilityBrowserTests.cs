using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>
/// axe-core (bundled in Deque.AxeCore.Playwright, injected into the page; nothing is fetched) scans every page of the
/// authorization matrix that a kind of visitor may see ("P"), as that visitor, in one browser context per kind of visitor.
/// Handlers (CSV, JSON, QR image) are not pages and are left out. Serious and critical findings fail the test. To keep it
/// quick: pages anyone may see are scanned once (anonymously); a district admin sees what a school admin sees, the
/// other district's owner what the owner sees, and support a subset of what a support admin sees, so those are not repeated.
/// </summary>
public sealed class AccessibilityBrowserTests(SliceFixture fixture, BrowserFixture browser) : SliceTest(fixture)
{
    [SkippableFact]
    public async Task Every_page_a_visitor_may_see_has_no_serious_or_critical_axe_violation()
    {
        var world = await AuthorizationMatrixTests.ArrangeAsync(Fixture);
        var support = await Fixture.CreateAsync(TwigRoles.Support);
        var supportAdmin = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        var failures = new StringBuilder();
        var scanned = 0;

        var everyone = AuthorizationMatrixTests.Matrix.Where(m => m.Expected[0] == 'P').Select(m => m.Key).ToHashSet();
        foreach (var role in new[] { 0, 1, 2, 3, 5, 8 })
        {
            var page = await browser.NewPageAsync(Fixture.BaseAddress);
            try
            {
                switch (role)
                {
                    case 1 or 2 or 3 or 4:
                        await page.GotoAsync("/login/home");
                        await page.GetByLabel("Username").FillAsync(new[] { "stu", "tea", "sad", "dad" }[role - 1]);
                        await page.GetByLabel("Password").FillAsync(Accounts.Password);
                        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
                        await page.WaitForURLAsync("**/classes");
                        break;
                    case 5 or 6 or 7 or 8:
                        await page.GotoAsync("/login");
                        var email = new[] { world.OwnerEmail, world.OtherOwnerEmail, support, supportAdmin }[role - 5];
                        await page.GetByLabel("E-mail").FillAsync(email);
                        await page.GetByLabel("Password").FillAsync(Accounts.Password);
                        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
                        if (role >= 7) await BrowserFixture.EnterSignInCodeAsync(page, email);
                        await page.WaitForURLAsync(role >= 7 ? "**/support" : "**/district");
                        break;
                }

                // "/logout" last: whatever it does must not sign the visitor out before the other pages are scanned.
                var routes = AuthorizationMatrixTests.Matrix
                    .Where(m => m.Key.StartsWith("GET /", StringComparison.Ordinal) && !m.Key.Contains("?handler=") && m.Expected[role] == 'P' && (role == 0 || !everyone.Contains(m.Key)))
                    .Select(m => AuthorizationMatrixTests.UrlFor(m.Key[4..], world))
                    // A held run's details carry the warning box the failed run's do not.
                    .Concat(role == 5 ? [$"/districts/{world.Home.Id}/sync/runs/{world.HeldRunId}"] : [])
                    .OrderBy(url => url == "/logout");
                foreach (var url in routes)
                {
                    var response = await page.GotoAsync(url);
                    Assert.True(response is { Status: 200 }, $"{url} as {AuthorizationMatrixTests.Roles[role]}: {response?.Status}");
                    var result = await page.RunAxe();
                    scanned++;
                    foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
                        failures.AppendLine($"{url} as {AuthorizationMatrixTests.Roles[role]}: {violation.Impact} {violation.Id} ({violation.Help}) at "
                            + string.Join(", ", violation.Nodes.Take(3).Select(n => n.Html)));
                }
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }

        Assert.True(scanned > 40, $"Only {scanned} pages were scanned.");
        Assert.True(failures.Length == 0, failures.ToString());
    }
}
