using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.Login;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.Login;

/// <summary>Every password form is limited per client address and per account, and refuses in one voice.</summary>
public sealed class PasswordFormLimitTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Wrong_current_passwords_on_the_change_form_lock_the_account_like_wrong_sign_ins()
    {
        var district = await Fixture.InsertDistrictAsync("pwlimit");
        var email = await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        using var session = Fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);
        Dictionary<string, string> Change(string current) => new() { ["Data.Current"] = current, ["Data.New"] = "a-brand-new-password", ["Data.Confirm"] = "a-brand-new-password" };

        for (var attempt = 0; attempt < 5; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await session.SubmitFormAsync("/account/password", Change("guess-" + attempt))).StatusCode);
        Assert.NotNull(await Fixture.ExecuteDbContextAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync()));

        // Locked: even the right current password is refused, with the same words as a wrong one.
        var locked = await session.SubmitFormAsync("/account/password", Change(Accounts.Password));
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(ChangePassword.Refusal), await locked.Content.ReadAsStringAsync());
        using var other = Fixture.CreateSession();
        await Assert.ThrowsAsync<InvalidOperationException>(() => other.SignInAsync(email, Accounts.Password));
    }

    [Fact]
    public async Task A_locked_district_username_answers_like_an_unknown_one()
    {
        var district = await Fixture.InsertDistrictAsync("pwlocked");
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid", password: "kid-password-1")));
        using var session = Fixture.CreateSession();
        Dictionary<string, string> Form(string username, string password) => new() { ["Data.Username"] = username, ["Data.Password"] = password };
        for (var attempt = 0; attempt < 5; attempt++) await session.SubmitFormAsync("/login/pwlocked", Form("kid", "wrong-" + attempt));

        var locked = await (await session.SubmitFormAsync("/login/pwlocked", Form("kid", "kid-password-1"))).Content.ReadAsStringAsync();
        var unknown = await (await session.SubmitFormAsync("/login/pwlocked", Form("nobody", "kid-password-1"))).Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(DistrictLogin.Failed), locked);
        Assert.Contains(WebUtility.HtmlEncode(DistrictLogin.Failed), unknown);
    }

    [Fact]
    public async Task District_sign_in_pages_and_the_password_form_share_the_per_address_limit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"twig-formlimit-{Guid.NewGuid():N}.db");
        try
        {
            await using var factory = new TwigFactory(path, new Dictionary<string, string?> { ["Login:AttemptsPerMinute"] = "3" });
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            await using (var scope = factory.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<Twig.Web.Data.TwigDb>();
                db.Districts.Add(new District { Name = "Limit", Slug = "limit", CreatedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
            }
            using var session = new TwigSession(new Uri(address));
            var wrong = new Dictionary<string, string> { ["Data.Username"] = "somebody", ["Data.Password"] = "wrong-password" };
            for (var attempt = 0; attempt < 3; attempt++)
                Assert.Equal(HttpStatusCode.OK, (await session.SubmitFormAsync("/login/limit", wrong)).StatusCode);

            Assert.Equal(HttpStatusCode.TooManyRequests, (await session.SubmitFormAsync("/login/limit", wrong)).StatusCode);
            // The same address has used its attempts on every password form, the code step and the main page included.
            Assert.Equal(HttpStatusCode.TooManyRequests, (await session.SubmitFormAsync("/login", new Dictionary<string, string> { ["Data.Email"] = "a@b.test", ["Data.Password"] = "x" })).StatusCode);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }
}
