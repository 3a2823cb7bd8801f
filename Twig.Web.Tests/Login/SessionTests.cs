using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.Login;

/// <summary>Sessions end on the server: logout, password change, deactivation and the absolute lifetime; reset links.</summary>
public sealed partial class SessionTests(SliceFixture fixture) : SliceTest(fixture)
{
    private TwigSession Replay(TwigSession original)
    {
        var replay = Fixture.CreateSession();
        foreach (Cookie cookie in original.Cookies.GetCookies(Fixture.BaseAddress))
            if (cookie.Name.StartsWith("twig", StringComparison.Ordinal)) replay.Cookies.Add(Fixture.BaseAddress, new Cookie(cookie.Name, cookie.Value));
        return replay;
    }

    private async Task<(District District, string Email, TwigSession Session)> OwnerAsync(string slug)
    {
        var district = await Fixture.InsertDistrictAsync(slug);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var session = Fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);
        return (district, email, session);
    }

    [Fact]
    public async Task A_sign_out_or_sign_in_from_a_tab_left_open_lands_on_the_page_again_not_an_error()
    {
        var (_, email, session) = await OwnerAsync("stale-tabs");
        var oldTab = await session.GetPageAsync("/logout");
        Assert.Equal(HttpStatusCode.Redirect, (await session.SubmitFormAsync("/logout", new Dictionary<string, string>())).StatusCode);

        // The first tab's sign-out, its token from the session that is gone: nothing is done, and the visitor is told they are out.
        var stale = await session.PostFormAsync("/logout", new Dictionary<string, string>(), oldTab.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        var landed = await session.GetPageAsync(stale.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, landed.Status);
        Assert.Contains("You are signed out.", landed.Html);

        // A sign-in form opened while signed out, posted after another tab signed in: the page again, the session kept.
        var loginTab = await session.GetPageAsync("/login");
        await session.SignInAsync(email, Accounts.Password);
        var late = await session.PostFormAsync("/login", new Dictionary<string, string> { ["Data.Email"] = email, ["Data.Password"] = "wrong" },
            loginTab.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Equal("/login", late.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/district")).StatusCode);

        // Any other form with a stale token is still the plain refusal.
        Assert.Equal(HttpStatusCode.BadRequest, (await session.PostFormAsync("/district?handler=Sync", new Dictionary<string, string>(),
            loginTab.AntiforgeryToken())).StatusCode);
    }

    [Fact]
    public async Task Sign_out_from_a_tab_signed_out_in_another_tab_shows_the_same_confirmation_as_a_sign_out_and_changes_nothing()
    {
        var (_, email, session) = await OwnerAsync("signed-out-elsewhere");
        using var elsewhere = Fixture.CreateSession();
        await elsewhere.SignInAsync(email, Accounts.Password);
        // Two tabs on the dashboard, each with the header's "Sign out" form.
        var staleTab = await session.GetPageAsync("/district");
        var otherTab = await session.GetPageAsync("/district");

        var signedOut = await session.FollowAsync(
            await session.PostFormAsync("/logout", new Dictionary<string, string>(), otherTab.AntiforgeryToken()));
        var sessionsBefore = await Fixture.ExecuteDbContextAsync(db => db.SignInSessions.AsNoTracking().OrderBy(s => s.Id).ToListAsync());
        var auditBefore = await Fixture.CountAsync<AuditEvent>();

        var stale = await session.PostFormAsync("/logout", new Dictionary<string, string>(), staleTab.AntiforgeryToken());
        Assert.True(TwigSession.IsRedirect(stale.StatusCode), $"the stale sign-out answered {(int)stale.StatusCode}, not a redirect");
        var landed = await session.FollowAsync(stale);

        // The page a sign-out lands on, with its confirmation: no error page, no antiforgery 400.
        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal("/login?signedOut=1", landed.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Equal(signedOut.RequestMessage!.RequestUri, landed.RequestMessage.RequestUri);
        Assert.Contains("You are signed out.", await landed.Content.ReadAsStringAsync());
        Assert.Contains("You are signed out.", await signedOut.Content.ReadAsStringAsync());
        // Nothing else: no session ended or opened, no audit entry, the owner's other browser still signed in, this one still out.
        Assert.Equivalent(sessionsBefore,
            await Fixture.ExecuteDbContextAsync(db => db.SignInSessions.AsNoTracking().OrderBy(s => s.Id).ToListAsync()), strict: true);
        Assert.Equal(auditBefore, await Fixture.CountAsync<AuditEvent>());
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/district")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/district")).StatusCode);
    }

    [Fact]
    public async Task After_logout_a_copy_of_the_old_cookie_no_longer_opens_the_dashboard()
    {
        var (_, _, session) = await OwnerAsync("sesslogout");
        using var copy = Replay(session);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/district")).StatusCode);

        var logout = await session.SubmitFormAsync("/logout", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var replayed = Replay(copy);
        var response = await replayed.GetAsync("/district");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", new Uri(Fixture.BaseAddress, response.Headers.Location!).AbsolutePath);
        session.Dispose();
    }

    [Fact]
    public async Task A_clever_sign_in_on_a_shared_computer_ends_the_previous_persons_session_even_for_a_copied_cookie()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 20);
        await Fixture.SyncAsync(district.Id);
        var students = clever.Roster.Users("student").Take(2).ToList();
        using var session = Fixture.CreateSession();
        Assert.Equal("/classes", (await session.SignInWithCleverAsync(clever.Id, students[0].Id)).Page.PathOf());
        using var copy = Replay(session);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/classes")).StatusCode);

        Assert.Equal("/classes", (await session.SignInWithCleverAsync(clever.Id, students[1].Id)).Page.PathOf());

        using var replayed = Replay(copy);
        Assert.Equal(HttpStatusCode.Redirect, (await replayed.GetAsync("/classes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/classes")).StatusCode);
    }

    [Fact]
    public async Task A_password_change_ends_the_accounts_other_sessions_and_keeps_this_one()
    {
        var (_, email, session) = await OwnerAsync("sesspw");
        using var other = Fixture.CreateSession();
        await other.SignInAsync(email, Accounts.Password);

        var changed = await session.SubmitFormAsync("/account/password", new Dictionary<string, string>
        {
            ["Data.Current"] = Accounts.Password, ["Data.New"] = "a-brand-new-password", ["Data.Confirm"] = "a-brand-new-password",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/district")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/district")).StatusCode);
        session.Dispose();
    }

    [Fact]
    public async Task A_rostered_persons_cookie_is_checked_again_and_a_deactivated_person_is_signed_out()
    {
        var district = await Fixture.InsertDistrictAsync("sessroster");
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid", password: "kid-password-1", first: "Kim", last: "Kid")));
        using var session = Fixture.CreateSession();
        var signedIn = await session.SubmitFormAsync("/login/sessroster", new Dictionary<string, string> { ["Data.Username"] = "kid", ["Data.Password"] = "kid-password-1" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/classes")).StatusCode);

        await Fixture.ExecuteDbContextAsync(db => db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));

        // Signed out, and told why on their district's sign-in page.
        var ended = await session.GetAsync("/classes");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var signInPage = new Uri(Fixture.BaseAddress, ended.Headers.Location!);
        Assert.Equal("/login/sessroster?ReturnUrl=%2Fclasses&ended=inactive", signInPage.PathAndQuery);
        Assert.Contains(SessionEnded.InactiveMessage, (await session.GetPageAsync(signInPage.PathAndQuery)).Html);
        // The session is gone: a later page asks for sign-in without the notice.
        Assert.DoesNotContain("ended=", (await session.GetAsync("/classes")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_username_person_goes_back_to_their_district_page_after_signing_out_and_when_a_page_needs_sign_in()
    {
        var district = await Fixture.InsertDistrictAsync("sessback");
        var row = CsvFiles.Row("s1", username: "kid", password: "kid-password-1", first: "Kim", last: "Kid");
        await Fixture.ImportAsync(district.Id, CsvFiles.File(row));
        var kid = new Dictionary<string, string> { ["Data.Username"] = "kid", ["Data.Password"] = "kid-password-1" };
        using var session = Fixture.CreateSession();
        // A browser that never signed in on a district's page is sent to /login, which names no district.
        Assert.Equal("/login", new Uri(Fixture.BaseAddress, (await session.GetAsync("/classes")).Headers.Location!).AbsolutePath);

        Assert.Equal(HttpStatusCode.Redirect, (await session.SubmitFormAsync("/login/sessback", kid)).StatusCode);
        var signedOut = await session.SubmitFormAsync("/logout", new Dictionary<string, string>());
        Assert.Equal("/login/sessback?signedOut=1", signedOut.Headers.Location!.OriginalString);
        Assert.Contains("You are signed out.", (await session.GetPageAsync(signedOut.Headers.Location.OriginalString)).Html);

        // Later, a page that needs sign-in sends this browser to its district's page, and back to that page after signing in.
        var needsSignIn = new Uri(Fixture.BaseAddress, (await session.GetAsync("/classes/schools/1")).Headers.Location!);
        Assert.Equal("/login/sessback", needsSignIn.AbsolutePath);
        Assert.Equal("?ReturnUrl=%2Fclasses%2Fschools%2F1", needsSignIn.Query);
        var back = await session.SubmitFormAsync(needsSignIn.PathAndQuery, kid);
        Assert.Equal("/classes/schools/1", back.Headers.Location!.OriginalString);

        // A return address off the site is never followed.
        var offSite = await session.SubmitFormAsync("/login/sessback?ReturnUrl=https%3A%2F%2Fevil.example%2F", kid);
        Assert.Equal("/classes", offSite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_username_person_signing_out_from_a_stale_tab_lands_on_their_district_page_like_a_sign_out()
    {
        var district = await Fixture.InsertDistrictAsync("sessstale");
        var row = CsvFiles.Row("s1", username: "kid", password: "kid-password-1", first: "Kim", last: "Kid");
        await Fixture.ImportAsync(district.Id, CsvFiles.File(row));
        using var session = Fixture.CreateSession();
        var kid = new Dictionary<string, string> { ["Data.Username"] = "kid", ["Data.Password"] = "kid-password-1" };
        await session.SubmitFormAsync("/login/sessstale", kid);
        // Two tabs on the classes page, each with the header's "Sign out" form; the second signs out first.
        var staleTab = await session.GetPageAsync("/classes");
        var otherTab = await session.GetPageAsync("/classes");
        var signedOut = await session.PostFormAsync("/logout", new Dictionary<string, string>(), otherTab.AntiforgeryToken());
        Assert.Equal("/login/sessstale?signedOut=1", signedOut.Headers.Location!.OriginalString);

        var stale = await session.FollowAsync(
            await session.PostFormAsync("/logout", new Dictionary<string, string>(), staleTab.AntiforgeryToken()));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("/login/sessstale?signedOut=1", stale.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("You are signed out.", await stale.Content.ReadAsStringAsync());

        // A remembered slug that names no district (an edited cookie) is not followed: the plain sign-out page.
        session.Cookies.Add(Fixture.BaseAddress, new Cookie(DistrictSignInPage.CookieName, "no-such-district"));
        var unknown = await session.FollowAsync(
            await session.PostFormAsync("/logout", new Dictionary<string, string>(), staleTab.AntiforgeryToken()));
        Assert.Equal("/login?signedOut=1", unknown.RequestMessage!.RequestUri!.PathAndQuery);
    }

    [Fact]
    public async Task Sessions_have_an_absolute_lifetime_of_12_hours_for_staff_and_10_for_rostered_people()
    {
        var (_, _, session) = await OwnerAsync("sesslife");
        var district = await Fixture.InsertDistrictAsync("sesslife2");
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid", password: "kid-password-1", first: "Kim", last: "Kid")));
        using var kid = Fixture.CreateSession();
        await kid.SubmitFormAsync("/login/sesslife2", new Dictionary<string, string> { ["Data.Username"] = "kid", ["Data.Password"] = "kid-password-1" });

        var rows = await Fixture.ExecuteDbContextAsync(db => db.SignInSessions.AsNoTracking().ToListAsync());
        Assert.Equal(TimeSpan.FromHours(12), rows.Single(r => r.UserId is not null).ExpiresAt - rows.Single(r => r.UserId is not null).CreatedAt);
        Assert.Equal(TimeSpan.FromHours(10), rows.Single(r => r.PersonId is not null).ExpiresAt - rows.Single(r => r.PersonId is not null).CreatedAt);

        // However active the browser, the session ends at its absolute end.
        await Fixture.ExecuteDbContextAsync(db => db.SignInSessions.ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/district")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await kid.GetAsync("/classes")).StatusCode);
        session.Dispose();
    }

    [Fact]
    public async Task A_reset_link_lives_an_hour_a_newer_one_voids_it_and_its_host_never_comes_from_the_request()
    {
        Assert.Equal(TimeSpan.FromHours(1), Fixture.Services.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value.TokenLifespan);
        var district = await Fixture.InsertDistrictAsync("sessreset");
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var ownerId = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var url = $"/support/accounts/{ownerId}/reset-password";

        async Task<Uri> MakeLinkAsync()
        {
            var page = await admin.GetPageAsync(url);
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = page.AntiforgeryToken() }),
            };
            request.Headers.Host = "evil.example";
            var made = await admin.Client.SendAsync(request);
            return new Uri(WebUtility.HtmlDecode(LinkPattern().Match(await made.Content.ReadAsStringAsync()).Groups[1].Value));
        }

        var older = await MakeLinkAsync();
        var newer = await MakeLinkAsync();
        Assert.Equal(Fixture.BaseAddress.Authority, newer.Authority);

        using var owner = Fixture.CreateSession();
        var fields = new Dictionary<string, string> { ["Data.New"] = "the-owners-new-password", ["Data.Confirm"] = "the-owners-new-password" };
        var refused = await owner.GetPageAsync(older.PathAndQuery);
        Assert.Contains("expired or was already used", refused.Html);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitFormAsync(newer.PathAndQuery, fields)).StatusCode);
    }

    [GeneratedRegex("data-testid=\"reset-link\"[^>]*>([^<]+)<")]
    private static partial Regex LinkPattern();
}
