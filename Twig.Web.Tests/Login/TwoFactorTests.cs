using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

/// <summary>Two-factor sign-in over HTTP: staff must enrol, owners may; one-time passwords are replaced first.</summary>
public sealed partial class TwoFactorTests(SliceFixture fixture) : SliceTest(fixture)
{
    private const string ChosenPassword = "my-own-staff-password";

    private static Dictionary<string, string> Login(string email, string password) => new() { ["Data.Email"] = email, ["Data.Password"] = password };

    [Fact]
    public async Task New_staff_replace_the_one_time_password_then_must_enrol_then_sign_in_with_a_code_or_a_recovery_code()
    {
        var created = await Fixture.SendAsync(new CreateStaffAccount.Command("new.staff@twig.test", TwigRoles.Support));
        using var session = Fixture.CreateSession();
        var signedIn = await session.SubmitFormAsync("/login", Login("new.staff@twig.test", created.OneTimePassword));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // Step 1: the one-time password goes before anything else.
        Assert.Equal("/account/password", (await session.GetAsync("/support")).Headers.Location!.OriginalString);
        var changed = await session.SubmitFormAsync("/account/password", new Dictionary<string, string>
        {
            ["Data.Current"] = created.OneTimePassword, ["Data.New"] = ChosenPassword, ["Data.Confirm"] = ChosenPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Id == created.UserId).Select(u => u.MustChangePassword).SingleAsync()));

        // Step 2: staff enrol in two-factor sign-in before any other page.
        Assert.Equal("/account/two-factor", (await session.GetAsync("/support")).Headers.Location!.OriginalString);
        var enrol = await session.GetPageAsync("/account/two-factor");
        Assert.Contains("data-testid=\"two-factor-required\"", enrol.Html);
        var key = KeyPattern().Match(enrol.Html).Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        var qr = await session.GetAsync("/account/two-factor?handler=Qr");
        Assert.Equal("image/png", qr.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await qr.Content.ReadAsByteArrayAsync())[..4]);

        var wrong = await session.PostFormAsync("/account/two-factor", new Dictionary<string, string> { ["Code"] = "000000" }, enrol.AntiforgeryToken());
        Assert.Contains("That code did not match", await wrong.Content.ReadAsStringAsync());
        var enabled = await session.PostFormAsync("/account/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key) }, enrol.AntiforgeryToken());
        var enabledHtml = await enabled.Content.ReadAsStringAsync();
        var recovery = RecoveryPattern().Matches(enabledHtml).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recovery.Count);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/support")).StatusCode);
        // Shown once: the page now only counts them.
        Assert.DoesNotContain(recovery[0], (await session.GetPageAsync("/account/two-factor")).Html);

        // The next sign-in asks for the code after the password; a wrong one is refused.
        using var next = Fixture.CreateSession();
        var password = await next.SubmitFormAsync("/login?returnUrl=%2Fsupport", Login("new.staff@twig.test", ChosenPassword));
        Assert.StartsWith("/login/two-factor", password.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await next.GetAsync("/support")).StatusCode);
        var bad = await next.SubmitFormAsync(password.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = "123456" });
        Assert.Contains("That code did not work", await bad.Content.ReadAsStringAsync());
        // The enrolment used this step's code, and a code is taken once: the app's next code signs in.
        var good = await next.SubmitFormAsync(password.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)) });
        Assert.Equal("/support", good.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/support")).StatusCode);

        // A recovery code works once.
        foreach (var expected in new[] { HttpStatusCode.Redirect, HttpStatusCode.OK })
        {
            using var lost = Fixture.CreateSession();
            var step = await lost.SubmitFormAsync("/login", Login("new.staff@twig.test", ChosenPassword));
            var answer = await lost.SubmitFormAsync(step.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = recovery[3] });
            Assert.Equal(expected, answer.StatusCode);
        }
    }

    [Fact]
    public async Task An_owner_is_offered_two_factor_and_is_not_forced_into_it()
    {
        var district = await Fixture.InsertDistrictAsync("tfowner");
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        using var session = Fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);
        var dashboard = await session.GetPageAsync("/district");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        // Offered where an owner finds it: beside "Change password" on every page.
        Assert.Contains("<a class=\"nav-link me-3\" href=\"/account/two-factor\">Two-factor sign-in</a>", dashboard.Html);

        var enrol = await session.GetPageAsync("/account/two-factor");
        Assert.DoesNotContain("two-factor-required", enrol.Html);
        var key = KeyPattern().Match(enrol.Html).Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        await session.PostFormAsync("/account/two-factor", new Dictionary<string, string> { ["Code"] = Totp.Code(key) }, enrol.AntiforgeryToken());
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync()));

        var on = await session.GetPageAsync("/account/two-factor");
        var off = await session.PostFormAsync("/account/two-factor?handler=Disable", new Dictionary<string, string>(), on.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task Staff_cannot_turn_two_factor_off_and_the_code_step_needs_the_password_step()
    {
        using var staff = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var page = await staff.GetPageAsync("/account/two-factor");
        Assert.Contains("data-testid=\"two-factor-on\"", page.Html);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostFormAsync("/account/two-factor?handler=Disable", new Dictionary<string, string>(), page.AntiforgeryToken())).StatusCode);

        using var stranger = Fixture.CreateSession();
        Assert.Equal("/login", (await stranger.GetAsync("/login/two-factor")).Headers.Location!.OriginalString);
    }

    [GeneratedRegex("data-testid=\"shared-key\">([a-z2-7 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li>([A-Z0-9]{5}-[A-Z0-9]{5})</li>")]
    private static partial Regex RecoveryPattern();
}
