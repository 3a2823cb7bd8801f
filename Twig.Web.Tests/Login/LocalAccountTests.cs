using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

/// <summary>What LocalSignInTests (Platform) does not cover: changing and resetting passwords, and the rate limit.</summary>
public sealed partial class LocalAccountTests(SliceFixture fixture) : SliceTest(fixture)
{
    private const string NewPassword = "a-brand-new-password";

    private async Task<HttpStatusCode> SignInStatusAsync(string email, string password)
    {
        using var session = Fixture.CreateSession();
        var response = await session.SubmitFormAsync("/login", new Dictionary<string, string> { ["Data.Email"] = email, ["Data.Password"] = password });
        return response.StatusCode;
    }

    [Fact]
    public async Task An_owner_changes_their_password()
    {
        var district = await Fixture.InsertDistrictAsync("pwchange");
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        using var session = Fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);

        var wrong = await session.SubmitFormAsync("/account/password", new Dictionary<string, string>
        {
            ["Data.Current"] = "not-my-password", ["Data.New"] = NewPassword, ["Data.Confirm"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The current password is not right", await wrong.Content.ReadAsStringAsync());

        var changed = await session.SubmitFormAsync("/account/password", new Dictionary<string, string>
        {
            ["Data.Current"] = Accounts.Password, ["Data.New"] = NewPassword, ["Data.Confirm"] = NewPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/district")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(email, Accounts.Password));
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(email, NewPassword));
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.CountAsync(a => a.Action == "account.password-changed")));
    }

    [Fact]
    public async Task A_short_or_mismatched_new_password_is_refused_with_a_message()
    {
        using var session = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var response = await session.SubmitFormAsync("/account/password", new Dictionary<string, string>
        {
            ["Data.Current"] = Accounts.Password, ["Data.New"] = "short", ["Data.Confirm"] = "other",
        });

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("at least 12 characters", html);
        Assert.Contains("The two new passwords are not the same.", html);

        // An empty form names the fields as the page labels them, never the properties behind them.
        var empty = WebUtility.HtmlDecode(await (await session.SubmitFormAsync("/account/password", new Dictionary<string, string>()))
            .Content.ReadAsStringAsync());
        Assert.Contains("Enter your current password.", empty);
        Assert.Contains("Enter the new password again.", empty);
        Assert.DoesNotContain("field is required", empty);
    }

    [Fact]
    public async Task A_support_admin_makes_a_one_time_reset_link_for_an_owner()
    {
        var district = await Fixture.InsertDistrictAsync("pwreset");
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var ownerId = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var list = await admin.GetPageAsync("/support/accounts");
        Assert.Contains($"/support/accounts/{ownerId}/reset-password", list.Html);
        var made = await admin.SubmitFormAsync($"/support/accounts/{ownerId}/reset-password", new Dictionary<string, string>());
        var link = new Uri(WebUtility.HtmlDecode(LinkPattern().Match(await made.Content.ReadAsStringAsync()).Groups[1].Value));
        Assert.Equal("/login/reset", link.AbsolutePath);
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.CountAsync(a => a.Action == "account.password-reset-link" && a.DistrictId == district.Id)));

        using var owner = Fixture.CreateSession();
        var fields = new Dictionary<string, string> { ["Data.New"] = NewPassword, ["Data.Confirm"] = NewPassword };
        var reset = await owner.SubmitFormAsync(link.PathAndQuery, fields);
        Assert.Equal("/login?reset=1", reset.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, await SignInStatusAsync(email, NewPassword));

        var again = await owner.GetPageAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Contains("expired or was already used", again.Html);
    }

    /// <summary>A district owner and the reset link a support admin made for them.</summary>
    private async Task<(string OwnerId, Uri Link)> ResetLinkAsync(string slug)
    {
        var district = await Fixture.InsertDistrictAsync(slug);
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var ownerId = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var made = await admin.SubmitFormAsync($"/support/accounts/{ownerId}/reset-password", new Dictionary<string, string>());
        return (ownerId, new Uri(WebUtility.HtmlDecode(LinkPattern().Match(await made.Content.ReadAsStringAsync()).Groups[1].Value)));
    }

    [Fact]
    public async Task The_owners_and_the_district_sign_in_pages_state_the_lockout_in_the_same_words()
    {
        await Fixture.InsertDistrictAsync("pwwords");
        using var visitor = Fixture.CreateSession();
        var wrong = new Dictionary<string, string> { ["Data.Password"] = "wrong-password" };

        var owners = await visitor.SubmitFormAsync("/login", new Dictionary<string, string>(wrong) { ["Data.Email"] = "no@test.twig" });
        var district = await visitor.SubmitFormAsync("/login/pwwords", new Dictionary<string, string>(wrong) { ["Data.Username"] = "no" });

        const string lockout = "After 5 failed attempts an account cannot sign in for 15 minutes.";
        Assert.Contains(lockout, WebUtility.HtmlDecode(await owners.Content.ReadAsStringAsync()));
        Assert.Contains(lockout, WebUtility.HtmlDecode(await district.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Empty_sign_in_and_reset_forms_say_what_to_enter_in_plain_words()
    {
        var (_, link) = await ResetLinkAsync("pwempty");
        using var visitor = Fixture.CreateSession();
        async Task<string> EmptyAsync(string url, IDictionary<string, string>? fields = null)
        {
            var response = await visitor.SubmitFormAsync(url, fields ?? new Dictionary<string, string>());
            return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }

        var login = await EmptyAsync("/login");
        var district = await EmptyAsync("/login/pwempty");
        var notAnAddress = await EmptyAsync("/login", new Dictionary<string, string> { ["Data.Email"] = "owner", ["Data.Password"] = "x" });
        var reset = await EmptyAsync(link.PathAndQuery);

        Assert.Contains("Enter your e-mail address.", login);
        Assert.Contains("Enter your password.", login);
        Assert.Contains("Enter a whole e-mail address, such as name@district.org.", notAnAddress);
        Assert.Contains("Enter your username.", district);
        Assert.Contains("Enter your password.", district);
        Assert.Contains("Enter a new password of at least 12 characters.", reset);
        Assert.Contains("Enter the new password again.", reset);
        foreach (var html in new[] { login, district, notAnAddress, reset })
        {
            Assert.DoesNotContain("field is required", html);
            Assert.DoesNotContain("is not a valid e-mail address", html);
        }
    }

    [Fact]
    public async Task A_reset_link_that_cannot_work_says_so_when_it_opens_and_shows_no_form()
    {
        var (ownerId, link) = await ResetLinkAsync("pwlinks");
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;
        using var owner = Fixture.CreateSession();

        // Cut short in an e-mail or chat: no user, no token, or nothing at all.
        foreach (var broken in new[] { "/login/reset", $"/login/reset?user={ownerId}", $"/login/reset?token={token}",
                     $"/login/reset?user=nobody&token={token}", $"/login/reset?user={ownerId}&token=not-a-token!" })
        {
            var page = await owner.GetPageAsync(broken);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("This reset link is incomplete or not valid. Ask Twig support for a new one.", page.Html);
            Assert.DoesNotContain("Data.New", page.Html);
            // Posted anyway (a form kept open from before): the same words, never a silent form.
            var posted = await owner.PostFormAsync(broken, new Dictionary<string, string>
            {
                ["Data.New"] = NewPassword, ["Data.Confirm"] = NewPassword,
            }, (await owner.GetPageAsync("/login")).AntiforgeryToken());
            Assert.Contains("incomplete or not valid", await posted.Content.ReadAsStringAsync());
        }

        // A good link opens the form, and opening it does not use it up.
        Assert.Contains("Data.New", (await owner.GetPageAsync(link.PathAndQuery)).Html);
        var fields = new Dictionary<string, string> { ["Data.New"] = NewPassword, ["Data.Confirm"] = NewPassword };
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SubmitFormAsync(link.PathAndQuery, fields)).StatusCode);

        // Once used, it says so when it opens, before anyone types the password twice.
        var used = await owner.GetPageAsync(link.PathAndQuery);
        Assert.Contains("This reset link has expired or was already used.", used.Html);
        Assert.DoesNotContain("Data.New", used.Html);
        var usedPost = await owner.PostFormAsync(link.PathAndQuery, fields, (await owner.GetPageAsync("/login")).AntiforgeryToken());
        Assert.Contains("expired or was already used", await usedPost.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_passwords_sent_at_once_are_each_counted_and_lock_the_account()
    {
        var district = await Fixture.InsertDistrictAsync("guessed");
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);

        // Nine guesses in flight together (under the rate limit of ten a minute): Identity's read-change-write count kept
        // about two of them, and the account was never locked.
        var statuses = await Task.WhenAll(Enumerable.Range(0, 9).Select(i => SignInStatusAsync(email, $"guess-number-{i}")));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var locked = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(locked > DateTimeOffset.UtcNow.AddMinutes(10), $"locked until {locked}");
        Assert.Equal(HttpStatusCode.OK, await SignInStatusAsync(email, Accounts.Password)); // the right password waits too
    }

    [Fact]
    public async Task Only_support_admins_reset_and_only_owners_passwords()
    {
        var staffEmail = await Fixture.CreateAsync(TwigRoles.Support);
        var staffId = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == staffEmail).Select(u => u.Id).SingleAsync());
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/support/accounts")).StatusCode);

        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/support/accounts/{staffId}/reset-password")).StatusCode);
    }

    [Fact]
    public async Task Too_many_sign_in_posts_from_one_address_get_a_friendly_429()
    {
        var path = Path.Combine(Path.GetTempPath(), $"twig-ratelimit-{Guid.NewGuid():N}.db");
        try
        {
            await using (var factory = new TwigFactory(path, new Dictionary<string, string?> { ["Login:AttemptsPerMinute"] = "3" }))
            {
                factory.StartServer();
                var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                using var session = new TwigSession(new Uri(address));
                var wrong = new Dictionary<string, string> { ["Data.Email"] = "nobody@test.twig", ["Data.Password"] = "wrong-password" };
                for (var attempt = 0; attempt < 3; attempt++)
                    Assert.Equal(HttpStatusCode.OK, (await session.SubmitFormAsync("/login", wrong)).StatusCode);

                var limited = await session.SubmitFormAsync("/login", wrong);

                Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
                Assert.Contains("Wait a minute", await limited.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/login")).StatusCode);
            }
        }
        finally
        {
            TestDatabase.Delete(path);
        }
    }

    [Fact]
    public async Task Sign_in_posts_from_one_ipv6_network_count_together_and_other_networks_keep_their_own()
    {
        var path = Path.Combine(Path.GetTempPath(), $"twig-ratelimit6-{Guid.NewGuid():N}.db");
        try
        {
            // Behind a known proxy (loopback, as the test client connects), the client's address is the forwarded one.
            await using var factory = new TwigFactory(path, new Dictionary<string, string?>
            {
                ["Login:AttemptsPerMinute"] = "2", ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
            });
            factory.StartServer();
            var server = factory.Services.GetRequiredService<IServer>();
            var address = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var wrong = new Dictionary<string, string> { ["Data.Email"] = "nobody@test.twig", ["Data.Password"] = "wrong-password" };
            async Task<HttpStatusCode> PostFromAsync(string client)
            {
                using var session = new TwigSession(address);
                session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", client);
                return (await session.SubmitFormAsync("/login", wrong)).StatusCode;
            }

            Assert.Equal(HttpStatusCode.OK, await PostFromAsync("2001:db8:7:1::10"));
            Assert.Equal(HttpStatusCode.OK, await PostFromAsync("2001:db8:7:1:aaaa::1"));

            Assert.Equal(HttpStatusCode.TooManyRequests, await PostFromAsync("2001:db8:7:1:ffff:ffff:ffff:beef"));
            Assert.Equal(HttpStatusCode.OK, await PostFromAsync("2001:db8:7:2::10"));
            Assert.Equal(HttpStatusCode.OK, await PostFromAsync("203.0.113.9"));
            Assert.Equal(HttpStatusCode.OK, await PostFromAsync("203.0.113.10"));
        }
        finally
        {
            TestDatabase.Delete(path);
        }
    }

    [GeneratedRegex("data-testid=\"reset-link\">([^<]+)<")]
    private static partial Regex LinkPattern();
}
