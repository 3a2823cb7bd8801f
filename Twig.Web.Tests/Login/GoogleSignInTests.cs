using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

public sealed class GoogleSignInTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task<Person> InsertCsvPersonAsync(int districtId, string email, PersonRoles roles = PersonRoles.Teacher, bool active = true, string first = "Maya", string last = "Okafor")
    {
        var person = new Person
        {
            DistrictId = districtId, Source = RosterSource.Csv, ExternalId = "csv-" + Guid.NewGuid().ToString("N")[..8],
            FirstName = first, LastName = last, Roles = roles, IsActive = active, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        person.SetEmail(email);
        await Fixture.InsertAsync(person);
        return person;
    }

    [Fact]
    public async Task A_verified_users_csv_person_signs_in_and_their_google_subject_is_bound()
    {
        var district = await Fixture.InsertDistrictAsync("gverified");
        var person = await InsertCsvPersonAsync(district.Id, "maya.okafor@gverified.example.org");
        using var session = Fixture.CreateSession();

        // Google returns the address as typed; matching ignores case.
        var page = await session.SignInWithGoogleAsync("Maya.Okafor@GVerified.example.org");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/classes", page.PathOf());
        Assert.Contains("Maya Okafor", page.Text());
        var stored = await Fixture.FindAsync<Person>(person.Id);
        Assert.False(string.IsNullOrEmpty(stored!.GoogleSubject));
        Assert.NotNull(stored.LastSignInAt);
    }

    [Fact]
    public async Task The_sign_in_page_of_a_district_that_rosters_its_own_people_offers_google()
    {
        var district = await Fixture.InsertDistrictAsync("gdistrictpage");
        await InsertCsvPersonAsync(district.Id, "maya.okafor@gdistrictpage.example.org");
        using var session = Fixture.CreateSession();

        var page = await session.GetPageAsync($"/login/{district.Slug}");
        Assert.Contains("Sign in with Google", page.Html);
        var pressed = await session.SubmitFormAsync($"/login/{district.Slug}",
            new Dictionary<string, string> { ["provider"] = "google", ["returnUrl"] = "" }, "/login/external");

        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        Assert.Contains("/sandbox/google/", pressed.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binding_holds_sub_and_current_email_together_and_an_email_change_unbinds()
    {
        var district = await Fixture.InsertDistrictAsync("gbound");
        var person = await InsertCsvPersonAsync(district.Id, "lee.park@gbound.example.org");
        using (var first = Fixture.CreateSession()) Assert.Equal("/classes", (await first.SignInWithGoogleAsync("lee.park@gbound.example.org")).PathOf());
        var bound = (await Fixture.FindAsync<Person>(person.Id))!;
        Assert.Equal("LEE.PARK@GBOUND.EXAMPLE.ORG", bound.GoogleEmail);

        // The district changes the address in users.csv: the old Google account no longer signs in as the person.
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            var p = await db.People.FindAsync(person.Id);
            p!.SetEmail("lee.park2@gbound.example.org");
            await db.SaveChangesAsync();
        });
        using (var old = Fixture.CreateSession())
            Assert.Contains("doesn't know this Google account", (await old.SignInWithGoogleAsync("lee.park@gbound.example.org")).Text());

        // The Google account of the new address binds at its first sign-in.
        using (var renamed = Fixture.CreateSession())
            Assert.Equal("/classes", (await renamed.SignInWithGoogleAsync("lee.park2@gbound.example.org")).PathOf());
        var rebound = (await Fixture.FindAsync<Person>(person.Id))!;
        Assert.NotEqual(bound.GoogleSubject, rebound.GoogleSubject);
        Assert.Equal("LEE.PARK2@GBOUND.EXAMPLE.ORG", rebound.GoogleEmail);

        // While the binding holds, another Google account with the same address cannot take the person over.
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.Id == person.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.GoogleSubject, "another-google-account")));
        using var other = Fixture.CreateSession();
        Assert.Contains("doesn't know this Google account", (await other.SignInWithGoogleAsync("lee.park2@gbound.example.org")).Text());
    }

    [Fact]
    public async Task A_district_with_google_domains_lets_in_only_accounts_of_those_workspaces()
    {
        var district = await Fixture.InsertDistrictAsync("gdomains");
        await InsertCsvPersonAsync(district.Id, "ana.diaz@gdomains.example.org");
        await InsertCsvPersonAsync(district.Id, "ana.diaz.home@gmail.com");
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var url = $"/support/districts/{district.Id}/settings";
        async Task SetDomainsAsync(string domains) => Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitFormAsync(url, new Dictionary<string, string>
        {
            ["Data.NightlySyncEnabled"] = "true", ["Data.DeactivationThresholdPercent"] = "10", ["Data.GoogleDomains"] = domains,
        })).StatusCode);

        await SetDomainsAsync("other.example.org");
        Assert.Equal("other.example.org", await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).Select(d => d.GoogleDomains).SingleAsync()));
        using (var refused = Fixture.CreateSession())
            Assert.Contains("doesn't know this Google account", (await refused.SignInWithGoogleAsync("ana.diaz@gdomains.example.org")).Text());

        await SetDomainsAsync("other.example.org, GDomains.example.org");
        using (var allowed = Fixture.CreateSession())
            Assert.Equal("/classes", (await allowed.SignInWithGoogleAsync("ana.diaz@gdomains.example.org")).PathOf());
        // A consumer account has no Workspace domain at all.
        using (var consumer = Fixture.CreateSession())
            Assert.Contains("doesn't know this Google account", (await consumer.SignInWithGoogleAsync("ana.diaz.home@gmail.com")).Text());

        var invalid = await admin.SubmitFormAsync(url, new Dictionary<string, string>
        {
            ["Data.NightlySyncEnabled"] = "true", ["Data.DeactivationThresholdPercent"] = "10", ["Data.GoogleDomains"] = "not a domain!",
        });
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("separated by commas", await invalid.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unverified_address_is_refused_with_a_friendly_page()
    {
        var district = await Fixture.InsertDistrictAsync("gunverified");
        await InsertCsvPersonAsync(district.Id, "sam.reyes@gunverified.example.org");
        using var session = Fixture.CreateSession();

        var page = await session.SignInWithGoogleAsync("sam.reyes@gunverified.example.org", verified: false);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Google e-mail address is not verified", page.Text());
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/classes")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_is_told_to_ask_the_school_to_add_it_in_words_a_student_knows()
    {
        await Fixture.InsertDistrictAsync("gunknown");
        using var session = Fixture.CreateSession();

        var page = await session.SignInWithGoogleAsync("nobody@gunknown.example.org");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("ask your teacher or school office to add your school e-mail address to Twig", page.Text());
        Assert.DoesNotContain("users.csv", page.Text());
    }

    [Fact]
    public async Task An_address_two_people_of_the_district_share_opens_neither_account()
    {
        var district = await Fixture.InsertDistrictAsync("gshared");
        var first = await InsertCsvPersonAsync(district.Id, "guardian@gshared.example.org", PersonRoles.Student, first: "Ana");
        var second = await InsertCsvPersonAsync(district.Id, "Guardian@GShared.example.org", PersonRoles.Student, first: "Ben");
        using var session = Fixture.CreateSession();

        var page = await session.SignInWithGoogleAsync("guardian@gshared.example.org");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("/login/refused/google-shared", page.PathOf());
        Assert.Contains("more than one person", page.Text());
        foreach (var id in new[] { first.Id, second.Id }) Assert.Null((await Fixture.FindAsync<Person>(id))!.GoogleSubject);
    }

    [Fact]
    public async Task A_person_from_a_oneroster_package_signs_in_with_the_address_the_package_gave()
    {
        var district = await Fixture.InsertOneRosterDistrictAsync("goneroster");
        var person = await InsertCsvPersonAsync(district.Id, "noor.haddad@goneroster.example.org", first: "Noor", last: "Haddad");
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.Id == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Source, RosterSource.OneRoster)));
        using var session = Fixture.CreateSession();

        var page = await session.SignInWithGoogleAsync("noor.haddad@goneroster.example.org");

        Assert.Equal("/classes", page.PathOf());
        Assert.Contains("Noor Haddad", page.Text());
    }

    [Fact]
    public async Task A_clever_person_with_the_same_address_cannot_sign_in_with_google()
    {
        var district = await Fixture.InsertDistrictAsync("gclever");
        var person = await InsertCsvPersonAsync(district.Id, "ana.lima@gclever.example.org");
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.Id == person.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Source, RosterSource.Clever)));
        using var session = Fixture.CreateSession();

        var page = await session.SignInWithGoogleAsync("ana.lima@gclever.example.org");

        // Twig has this person from Clever: they are told to use Clever, not to ask the school for something it has done.
        Assert.Equal("/login/refused/google-use-clever", page.PathOf());
        Assert.Contains("\"Sign in with Clever\"", page.Text());
        Assert.DoesNotContain("has not given Twig", page.Text());

        // Once the district no longer lists them, the address is nobody's: the words any unknown address gets.
        await Fixture.ExecuteDbContextAsync(db => db.People.ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false)));
        using var later = Fixture.CreateSession();
        Assert.Equal("/login/refused/google-unknown", (await later.SignInWithGoogleAsync("ana.lima@gclever.example.org")).PathOf());
    }

    [Fact]
    public async Task A_deactivated_person_is_told_their_account_is_off()
    {
        var district = await Fixture.InsertDistrictAsync("gdeactivated");
        await InsertCsvPersonAsync(district.Id, "jo.smith@gdeactivated.example.org", active: false);
        using var session = Fixture.CreateSession();

        var page = await session.SignInWithGoogleAsync("jo.smith@gdeactivated.example.org");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Your Twig account is not active", page.Text());
    }

    [Fact]
    public async Task A_person_of_a_district_whose_subscription_expired_cannot_sign_in()
    {
        var district = await Fixture.InsertDistrictAsync("gexpired", status: SubscriptionStatus.Expired);
        await InsertCsvPersonAsync(district.Id, "kim.ng@gexpired.example.org");
        using var session = Fixture.CreateSession();

        var page = await session.SignInWithGoogleAsync("kim.ng@gexpired.example.org");

        Assert.Contains("subscription is not active", page.Text());
    }

    [Fact]
    public async Task The_same_address_in_two_districts_lets_the_person_choose_by_district_name()
    {
        var north = await Fixture.InsertDistrictAsync("gnorth");
        var south = await Fixture.InsertDistrictAsync("gsouth");
        await InsertCsvPersonAsync(north.Id, "pat.doe@shared.example.org", first: "Pat", last: "North");
        var inSouth = await InsertCsvPersonAsync(south.Id, "pat.doe@shared.example.org", first: "Pat", last: "South");
        using var session = Fixture.CreateSession();

        var choose = await session.SignInWithGoogleAsync("pat.doe@shared.example.org");

        Assert.Equal("/login/google/district", choose.PathOf());
        Assert.Contains(north.Name, choose.Text());
        Assert.Contains(south.Name, choose.Text());
        Assert.DoesNotContain("North</", choose.Html);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/classes")).StatusCode);

        var chosen = await session.PostFormAsync("/login/google/district", new Dictionary<string, string> { ["districtId"] = south.Id.ToString() }, choose.AntiforgeryToken());
        var home = await session.FollowAsync(chosen);

        Assert.Equal("/classes", home.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Pat South", WebUtility.HtmlDecode(await home.Content.ReadAsStringAsync()));
        Assert.NotNull((await Fixture.FindAsync<Person>(inSouth.Id))!.GoogleSubject);
    }

    [Fact]
    public async Task A_district_that_is_not_among_the_choices_cannot_be_forced()
    {
        var north = await Fixture.InsertDistrictAsync("gnorth2");
        var south = await Fixture.InsertDistrictAsync("gsouth2");
        var elsewhere = await Fixture.InsertDistrictAsync("gelsewhere");
        await InsertCsvPersonAsync(north.Id, "pat.roe@shared.example.org");
        await InsertCsvPersonAsync(south.Id, "pat.roe@shared.example.org");
        await InsertCsvPersonAsync(elsewhere.Id, "someone.else@shared.example.org");
        using var session = Fixture.CreateSession();
        var choose = await session.SignInWithGoogleAsync("pat.roe@shared.example.org");

        var forced = await session.FollowAsync(await session.PostFormAsync("/login/google/district",
            new Dictionary<string, string> { ["districtId"] = elsewhere.Id.ToString() }, choose.AntiforgeryToken()));

        Assert.Equal(HttpStatusCode.Forbidden, forced.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/classes")).StatusCode);
    }

    [Fact]
    public async Task A_workspace_that_has_not_approved_Twig_gets_instructions_for_its_google_admin()
    {
        using var session = Fixture.CreateSession();

        var page = await session.SignInWithGoogleAsync("teacher@locked-down.example.org");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Contains("Google Workspace has not allowed Twig", page.Text());
        Assert.Contains("Admin console", page.Text());
    }
}
