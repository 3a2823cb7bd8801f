using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Platform;

public sealed class LocalSignInTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static Dictionary<string, string> Form(string email, string password) => new()
    {
        ["Data.Email"] = email,
        ["Data.Password"] = password,
    };

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    public async Task Return_urls_stay_on_this_site(string returnUrl)
    {
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner);
        using var session = Fixture.CreateSession();
        var loginUrl = $"/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await session.GetPageAsync(loginUrl);
        var response = await session.PostFormAsync(loginUrl, Form(email, Accounts.Password), page.AntiforgeryToken());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_local_return_url_is_followed()
    {
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner);
        using var session = Fixture.CreateSession();
        var page = await session.GetPageAsync("/login?returnUrl=%2Fsupport");
        var response = await session.PostFormAsync("/login?returnUrl=%2Fsupport", Form(email, Accounts.Password), page.AntiforgeryToken());

        Assert.Equal("/support", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused()
    {
        var email = await Fixture.CreateAsync(TwigRoles.Support);
        using var session = Fixture.CreateSession();
        var response = await session.PostFormAsync("/login", Form(email, Accounts.Password), antiforgeryToken: null);

        // Refused: nobody is signed in, the visitor is only sent to the sign-in page again (as a tab left open would be).
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/support")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var email = await Fixture.CreateAsync(TwigRoles.Support);
        using var session = Fixture.CreateSession();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var wrong = await session.SubmitFormAsync("/login", Form(email, "not-the-password"));
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var page = await session.SubmitFormAsync("/login", Form(email, Accounts.Password));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync()));

        // A locked account answers exactly as an unknown address or a wrong password does: nobody learns who exists.
        var unknown = await session.SubmitFormAsync("/login", Form("nobody-" + Guid.NewGuid().ToString("N") + "@test.twig", "not-the-password"));
        var lockedHtml = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("locked", lockedHtml);
        Assert.Equal(Refusal(await unknown.Content.ReadAsStringAsync()), Refusal(lockedHtml));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(Features.Login.LoginPage.Refusal), lockedHtml);
    }

    private static string Refusal(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "validation-summary-errors[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task Sign_out_is_post_only()
    {
        using var session = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        await session.GetAsync("/logout");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/support")).StatusCode);

        await session.SubmitFormAsync("/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/support")).StatusCode);
    }
}
