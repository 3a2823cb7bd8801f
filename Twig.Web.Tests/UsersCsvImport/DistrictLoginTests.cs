using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.Login;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>People from users.csv sign in with their username and password on their district's page.</summary>
public sealed class DistrictLoginTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static Dictionary<string, string> Form(string username, string password) => new()
    {
        ["Data.Username"] = username,
        ["Data.Password"] = password,
    };

    private async Task<District> DistrictWithKidAsync(string slug = "springfield", SubscriptionStatus status = SubscriptionStatus.Active)
    {
        var district = await Fixture.InsertDistrictAsync(slug, status: status, endsOn: status == SubscriptionStatus.Expired ? DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1) : null);
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "Ada.L", password: "ada-password", first: "Ada", last: "Lovelace")));
        return district;
    }

    [Fact]
    public async Task A_person_signs_in_with_username_and_password_and_is_sent_to_their_classes()
    {
        await DistrictWithKidAsync();
        using var session = Fixture.CreateSession();

        var response = await session.SubmitFormAsync("/login/springfield", Form("ada.l", "ada-password"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/classes", response.Headers.Location!.OriginalString);
        Assert.Contains(session.Cookies.GetCookies(Fixture.BaseAddress).Cast<Cookie>(), c => c.Name == "twig");
        var page = await session.GetPageAsync("/login/springfield");
        Assert.Contains("Signed in as <strong>Ada Lovelace</strong>", page.Html);
        var person = await Fixture.ExecuteDbContextAsync(db => db.People.SingleAsync());
        Assert.NotNull(person.LastSignInAt);
    }

    [Fact]
    public async Task The_principal_carries_the_person_district_method_and_roles()
    {
        var principal = RosteredPrincipal.Create(new Person { Id = 7, DistrictId = 3, FirstName = "A", LastName = "B", Username = "ab", Roles = PersonRoles.Teacher | PersonRoles.SchoolAdmin }, "username");

        Assert.Equal("person:7", principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value);
        Assert.Equal("ab", principal.Identity!.Name);
        Assert.Equal("twig-roster", principal.Identity.AuthenticationType);
        Assert.True(principal.IsInRole(TwigRoles.Teacher) && principal.IsInRole(TwigRoles.SchoolAdmin) && !principal.IsInRole(TwigRoles.Student));
        Assert.Equal(("7", "3", "username"), (principal.FindFirst("twig:person")!.Value, principal.FindFirst("twig:district")!.Value, principal.FindFirst("twig:method")!.Value));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_username_get_the_same_message()
    {
        await DistrictWithKidAsync();
        using var session = Fixture.CreateSession();

        var wrong = await (await session.SubmitFormAsync("/login/springfield", Form("ada.l", "not-her-password"))).Content.ReadAsStringAsync();
        var unknown = await (await session.SubmitFormAsync("/login/springfield", Form("nobody", "not-her-password"))).Content.ReadAsStringAsync();

        Assert.Contains("That username and password did not work.", wrong);
        Assert.Contains("That username and password did not work.", unknown);
        Assert.Contains("value=\"nobody\"", unknown);
    }

    [Fact]
    public async Task Five_failures_lock_the_person_for_15_minutes()
    {
        await DistrictWithKidAsync();
        using var session = Fixture.CreateSession();
        for (var attempt = 0; attempt < 5; attempt++)
            Assert.Equal(HttpStatusCode.OK, (await session.SubmitFormAsync("/login/springfield", Form("ada.l", "wrong-password"))).StatusCode);

        var locked = await session.SubmitFormAsync("/login/springfield", Form("ada.l", "ada-password"));

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var person = await Fixture.ExecuteDbContextAsync(db => db.People.SingleAsync());
        Assert.InRange(person.LockoutEnd!.Value, DateTime.UtcNow.AddMinutes(14), DateTime.UtcNow.AddMinutes(16));
    }

    [Fact]
    public void An_unknown_username_is_checked_against_a_hash_as_slow_as_the_stored_ones()
    {
        // A hash PBKDF2 with fewer iterations than the configured ones would answer "no such username" measurably faster.
        // UsersCsvImport:PasswordHashIterations lowered, as the README allows for districts sending many passwords.
        var hasher = new Microsoft.AspNetCore.Identity.PasswordHasher<Person>(Microsoft.Extensions.Options.Options.Create(
            new Microsoft.AspNetCore.Identity.PasswordHasherOptions { IterationCount = 10_000 }));
        var stored = Convert.FromBase64String(hasher.HashPassword(new Person(), "a-password"));
        var dummy = Convert.FromBase64String(DistrictLogin.CommandHandler.DummyHashOf(hasher));

        // Identity's version 3 format: marker, PRF, iteration count (big-endian), salt length, salt, subkey.
        Assert.Equal(10_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(stored.AsSpan(5, 4)));
        Assert.Equal(10_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(dummy.AsSpan(5, 4)));
    }

    [Fact]
    public async Task Usernames_belong_to_their_district()
    {
        await DistrictWithKidAsync("springfield");
        var shelbyville = await Fixture.InsertDistrictAsync("shelbyville");
        await Fixture.ImportAsync(shelbyville.Id, CsvFiles.File(CsvFiles.Row("x9", username: "ada.l", password: "other-password", first: "Other")));
        using var session = Fixture.CreateSession();

        Assert.Equal(HttpStatusCode.OK, (await session.SubmitFormAsync("/login/springfield", Form("ada.l", "other-password"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SubmitFormAsync("/login/shelbyville", Form("ada.l", "other-password"))).StatusCode);
        Assert.Contains("Signed in as <strong>Other Last</strong>", (await session.GetPageAsync("/login/shelbyville")).Html);
    }

    [Fact]
    public async Task An_archived_person_is_refused()
    {
        var district = await DistrictWithKidAsync();
        await Fixture.ExecuteDbContextAsync(db => db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));
        using var session = Fixture.CreateSession();

        var response = await session.SubmitFormAsync("/login/springfield", Form("ada.l", "ada-password"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no longer active", await response.Content.ReadAsStringAsync());
        _ = district;
    }

    [Fact]
    public async Task An_expired_subscription_is_explained()
    {
        var district = await Fixture.InsertDistrictAsync("springfield");
        await Fixture.ImportAsync(district.Id, CsvFiles.File(CsvFiles.Row("s1", username: "ada.l", password: "ada-password")));
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SubscriptionStatus.Expired)));
        using var session = Fixture.CreateSession();

        var response = await session.SubmitFormAsync("/login/springfield", Form("ada.l", "ada-password"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("subscription has expired", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_main_sign_in_page_leads_to_the_district_page()
    {
        await Fixture.InsertDistrictAsync("springfield");
        using var session = Fixture.CreateSession();

        Assert.Contains("action=\"/login/district\"", (await session.GetPageAsync("/login")).Html);
        var found = await session.GetAsync("/login/district?slug=%20Springfield%20");
        Assert.Equal("/login/springfield", found.Headers.Location!.OriginalString);
        var byName = await session.GetAsync("/login/district?slug=district%20SPRINGFIELD");
        Assert.Equal("/login/springfield", byName.Headers.Location!.OriginalString);
        Assert.Contains("No district is called", (await session.GetPageAsync("/login/district?slug=atlantis")).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/login/atlantis")).StatusCode);
    }

    [Fact]
    public async Task Part_of_a_districts_name_finds_it_and_a_part_several_share_lists_them()
    {
        foreach (var (slug, name) in new[] { ("pineridge", "Pine Ridge School District"), ("pinecrest", "Pine Crest Unified"), ("oakvale", "Oak Vale Schools") })
        {
            var district = await Fixture.InsertDistrictAsync(slug);
            await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, name)));
        }
        using var session = Fixture.CreateSession();

        // Students know their district's name, rarely its short name.
        var found = await session.GetAsync("/login/district?slug=pine%20ridge");
        Assert.Equal("/login/pineridge", found.Headers.Location!.OriginalString);
        var several = await session.GetPageAsync("/login/district?slug=Pine");
        Assert.Contains("Several districts match \"Pine\". Choose yours:", WebUtility.HtmlDecode(several.Html));
        var links = Regex.Matches(several.Html, "<li><a href=\"(/login/[a-z]+)\">([^<]+)</a></li>").Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}");
        Assert.Equal(["/login/pinecrest Pine Crest Unified", "/login/pineridge Pine Ridge School District"], links);
        // Two letters find nothing: the page does not list every district with a "pi" in its name.
        Assert.Contains("No district is called", (await session.GetPageAsync("/login/district?slug=pi")).Html);
    }
}
