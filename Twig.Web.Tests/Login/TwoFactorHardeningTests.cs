using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.Login;
using Twig.Web.Infrastructure.Security;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

/// <summary>Two-factor secrets are encrypted in the database, and an authenticator code signs in once.</summary>
public sealed partial class TwoFactorHardeningTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static Dictionary<string, string> Login(string email) => new() { ["Data.Email"] = email, ["Data.Password"] = Accounts.Password };

    private static string CodeAt(string key, long step) => Totp.Code(key, DateTimeOffset.FromUnixTimeSeconds(step * 30));

    private static long StepNow => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

    /// <summary>Password, then <paramref name="code"/> at the second step; the response of the code step.</summary>
    private async Task<HttpResponseMessage> SignInWithAsync(string email, string code)
    {
        using var session = Fixture.CreateSession();
        var password = await session.SubmitFormAsync("/login", Login(email));
        Assert.StartsWith("/login/two-factor", password.Headers.Location!.OriginalString);
        return await session.SubmitFormAsync(password.Headers.Location.OriginalString, new Dictionary<string, string> { ["Code"] = code });
    }

    private Task<List<IdentityUserToken<string>>> RawTokensAsync(string email) =>
        Fixture.ExecuteDbContextAsync(db => db.UserTokens.AsNoTracking()
            .Where(t => db.Users.Any(u => u.Id == t.UserId && u.Email == email)).ToListAsync());

    [Fact]
    public async Task After_enrolment_the_database_holds_neither_the_key_nor_a_recovery_code_and_both_still_sign_in()
    {
        var district = await Fixture.InsertDistrictAsync("tfrest");
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        using var session = Fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);
        var enrol = await session.GetPageAsync("/account/two-factor");
        var key = KeyPattern().Match(enrol.Html).Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        var step = StepNow;
        var enabled = await session.PostFormAsync("/account/two-factor", new Dictionary<string, string> { ["Code"] = CodeAt(key, step) }, enrol.AntiforgeryToken());
        var recovery = RecoveryPattern().Matches(await enabled.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recovery.Count);

        var rows = await RawTokensAsync(email);
        Assert.Equal(new[] { "AuthenticatorKey", "RecoveryCodes" }, rows.Select(r => r.Name).Order());
        foreach (var row in rows)
        {
            Assert.StartsWith(ProtectedUserStore.Prefix, row.Value);
            Assert.DoesNotContain(key, row.Value!, StringComparison.OrdinalIgnoreCase);
            Assert.All(recovery, code => Assert.DoesNotContain(code, row.Value!, StringComparison.OrdinalIgnoreCase));
        }

        // The enrolment took this step's code; the next one signs in, and so does a recovery code, once.
        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithAsync(email, CodeAt(key, step + 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithAsync(email, recovery[6])).StatusCode);
        Assert.Contains(TwoFactorLogin.Refusal, await (await SignInWithAsync(email, recovery[6])).Content.ReadAsStringAsync());
        var left = await Fixture.ExecuteScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<TwigUser>>();
            return await users.CountRecoveryCodesAsync((await users.FindByEmailAsync(email))!);
        });
        Assert.Equal(9, left);
        Assert.All(await RawTokensAsync(email), row => Assert.StartsWith(ProtectedUserStore.Prefix, row.Value));
    }

    [Fact]
    public async Task A_key_and_recovery_codes_stored_in_plain_text_before_still_work_and_are_encrypted_when_first_read()
    {
        var email = await Fixture.CreateAsync(TwigRoles.Support);
        var userId = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.UserTokens.Where(t => t.UserId == userId && t.Name == "AuthenticatorKey")
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, Accounts.AuthenticatorKey));
            db.UserTokens.Add(new IdentityUserToken<string>
            {
                UserId = userId, LoginProvider = "[AspNetUserStore]", Name = "RecoveryCodes", Value = "AAAAA-11111;BBBBB-22222",
            });
            await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithAsync(email, await Accounts.NextCodeAsync(email))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithAsync(email, "BBBBB-22222")).StatusCode);

        var rows = await RawTokensAsync(email);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.StartsWith(ProtectedUserStore.Prefix, row.Value));
        Assert.All(rows, row => Assert.DoesNotContain("AAAAA-11111", row.Value!));
    }

    [Fact]
    public async Task An_authenticator_code_signs_in_once_and_after_it_only_a_newer_step_does()
    {
        var email = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        var step = StepNow;

        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithAsync(email, CodeAt(Accounts.AuthenticatorKey, step))).StatusCode);
        var replay = await SignInWithAsync(email, CodeAt(Accounts.AuthenticatorKey, step));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains(TwoFactorLogin.Refusal, await replay.Content.ReadAsStringAsync());
        // Still inside the window, but older than the code already used.
        Assert.Contains(TwoFactorLogin.Refusal, await (await SignInWithAsync(email, CodeAt(Accounts.AuthenticatorKey, step - 1))).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithAsync(email, CodeAt(Accounts.AuthenticatorKey, step + 1))).StatusCode);
    }

    [Fact]
    public async Task Wrong_codes_add_up_to_the_lockout_even_when_the_password_is_entered_again_between_them()
    {
        var email = await Fixture.CreateAsync(TwigRoles.SupportAdmin);
        // Someone who knows the password: each try is the password (right) and then a wrong code, from a new session.
        for (var i = 0; i < 5; i++)
            Assert.Contains(TwoFactorLogin.Refusal, await (await SignInWithAsync(email, "000000")).Content.ReadAsStringAsync());

        var locked = await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(locked > DateTimeOffset.UtcNow.AddMinutes(10), $"locked until {locked}");
    }

    [Fact]
    public async Task A_recovery_code_typed_in_lower_case_with_spaces_around_it_signs_in_once()
    {
        var district = await Fixture.InsertDistrictAsync("tflower");
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        using var session = Fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);
        var enrol = await session.GetPageAsync("/account/two-factor");
        var key = KeyPattern().Match(enrol.Html).Groups[1].Value.Replace(" ", "").ToUpperInvariant();
        var enabled = await session.PostFormAsync("/account/two-factor", new Dictionary<string, string> { ["Code"] = CodeAt(key, StepNow) }, enrol.AntiforgeryToken());
        var recovery = RecoveryPattern().Matches(await enabled.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList();
        var typed = $"  {recovery[2].ToLowerInvariant()} ";

        Assert.Equal(HttpStatusCode.Redirect, (await SignInWithAsync(email, typed)).StatusCode);
        Assert.Contains(TwoFactorLogin.Refusal, await (await SignInWithAsync(email, recovery[2])).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_code_is_asked_for_again_on_the_same_form(string code)
    {
        var email = await Fixture.CreateAsync(TwigRoles.SupportAdmin);

        var answer = await SignInWithAsync(email, code);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Contains(TwoFactorLogin.Missing, html);
        Assert.Contains("name=\"Code\"", html);
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.AccessFailedCount).SingleAsync()));
    }

    [Fact]
    public async Task The_harness_signs_the_same_staff_account_in_several_times_in_a_row()
    {
        var email = await Fixture.CreateAsync(TwigRoles.Support);
        for (var i = 0; i < 3; i++)
        {
            using var session = Fixture.CreateSession();
            await session.SignInAsync(email, Accounts.Password);
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/support")).StatusCode);
        }
    }

    [GeneratedRegex("data-testid=\"shared-key\">([a-z2-7 ]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li>([A-Z0-9]{5}-[A-Z0-9]{5})</li>")]
    private static partial Regex RecoveryPattern();
}
