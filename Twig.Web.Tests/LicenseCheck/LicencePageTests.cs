using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.LicenseCheck;

public sealed class LicencePageTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static string EditUrl(int districtId) => $"/support/districts/{districtId}/subscription";
    private static string UsageUrl(int districtId) => $"/support/districts/{districtId}/licence";

    private static Dictionary<string, string> Form(string status, string seats, string startsOn, string endsOn) => new()
    {
        ["Data.Status"] = status,
        ["Data.Seats"] = seats,
        ["Data.StartsOn"] = startsOn,
        ["Data.EndsOn"] = endsOn,
    };

    [Fact]
    public async Task A_support_admin_edits_a_subscription_and_the_change_is_audited_with_old_and_new_values()
    {
        var district = await Fixture.InsertDistrictAsync("edit", seats: 100, endsOn: new DateOnly(2027, 6, 30));
        await Fixture.InsertStudentsAsync(district.Id, 4);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var form = await admin.GetPageAsync(EditUrl(district.Id));
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains("value=\"100\"", form.Html);
        Assert.Contains("value=\"2027-06-30\"", form.Html);
        Assert.Contains("4 students are active now", form.Html);

        var posted = await admin.SubmitFormAsync(EditUrl(district.Id), Form("1", "250", "2026-08-01", "2027-07-31"));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await admin.FollowAsync(posted);
        var html = await after.Content.ReadAsStringAsync();
        Assert.Contains("Subscription saved", html);
        Assert.Contains("seats 100 → 250", WebUtility.HtmlDecode(html));
        Assert.Contains("ends Jun 30, 2027 → Jul 31, 2027", WebUtility.HtmlDecode(html));
        Assert.Contains("4 of 250 student seats used", html);

        var audit = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.SingleAsync(a => a.Action == "subscription.changed"));
        Assert.Equal(district.Id, audit.DistrictId);
        Assert.StartsWith("supportadmin-", audit.Actor);
        Assert.Contains("status Active → Pilot", audit.Details);
        Assert.Contains("seats 100 → 250", audit.Details);
        Assert.Contains("starts ", audit.Details);
        Assert.Contains("→ Aug 1, 2026", audit.Details);
        Assert.Contains("ends Jun 30, 2027 → Jul 31, 2027", audit.Details);
        var saved = await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.SingleAsync(s => s.DistrictId == district.Id));
        Assert.Equal((SubscriptionStatus.Pilot, 250, new DateOnly(2026, 8, 1), (DateOnly?)new DateOnly(2027, 7, 31)),
            (saved.Status, saved.LicensedStudentSeats, saved.StartsOn, saved.EndsOn));
    }

    [Fact]
    public async Task Lowering_seats_below_usage_is_saved_with_a_warning_and_shown_as_over_licence()
    {
        var district = await Fixture.InsertDistrictAsync("lower", seats: 10);
        await Fixture.InsertStudentsAsync(district.Id, 5);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var posted = await admin.SubmitFormAsync(EditUrl(district.Id), Form("2", "3", "2026-01-01", ""));
        var html = await (await admin.FollowAsync(posted)).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"subscription-saved-warning\"", html);
        Assert.Contains("5 students are active but only 3 seats are licensed", html);
        Assert.Contains("data-state=\"OverLicence\"", html);
        Assert.Equal(5, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.IsActive)));

        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var mine = await owner.GetPageAsync("/district/licence");
        Assert.Contains("Over licence:", mine.Html);
        Assert.Contains("5 students are active; 3 are licensed", mine.Html);
        Assert.Contains("(2 over)", mine.Html);
    }

    [Fact]
    public async Task Bad_values_re_render_the_form_with_messages_and_keep_what_was_typed()
    {
        var district = await Fixture.InsertDistrictAsync("invalid", seats: 10);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var posted = await admin.SubmitFormAsync(EditUrl(district.Id), Form("2", "-5", "2027-03-01", "2027-02-01"));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Seats must be a whole number from 0 to 10,000,000.", html);
        Assert.Contains("The end date must be on or after the start date.", html);
        Assert.Contains("value=\"-5\"", html);
        Assert.Contains("value=\"2027-02-01\"", html);
        Assert.Equal(0, await Fixture.CountAsync<AuditEvent>());
    }

    [Theory]
    [InlineData("7.5")]
    [InlineData("-5")]
    [InlineData("abc")]
    public async Task A_seat_count_that_is_not_a_whole_number_of_0_or_more_gets_one_message_and_no_licence_warning(string seats)
    {
        var district = await Fixture.InsertDistrictAsync("seats", seats: 10);
        await Fixture.InsertStudentsAsync(district.Id, 5);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var posted = await admin.SubmitFormAsync(EditUrl(district.Id), Form("3", seats, "2026-01-01", "2026-12-31"));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "Seats must be a whole number from 0 to 10,000,000\\."));
        Assert.DoesNotContain("is not valid", html);
        Assert.DoesNotContain("is below the", html);
        // The form comes back as typed, the refused seats included.
        Assert.Equal(seats, FormFields.InputValue(html, "Data.Seats"));
        Assert.Equal("3", FormFields.SelectedOption(html, "Data.Status"));
        Assert.Equal("2026-01-01", FormFields.InputValue(html, "Data.StartsOn"));
        Assert.Equal("2026-12-31", FormFields.InputValue(html, "Data.EndsOn"));
        Assert.Equal(0, await Fixture.CountAsync<AuditEvent>());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1,5OO")]
    public async Task A_seat_count_that_does_not_bind_shows_with_every_other_mistake_on_the_same_submit(string seats)
    {
        var district = await Fixture.InsertDistrictAsync("seats-and-dates", seats: 10);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var posted = await admin.SubmitFormAsync(EditUrl(district.Id), Form("2", seats, "2027-03-01", "2027-02-01"));
        var html = await posted.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "Seats must be a whole number from 0 to 10,000,000\\."));
        Assert.Contains("The end date must be on or after the start date.", html);
        Assert.DoesNotContain("Enter the number of licensed student seats.", html);
        Assert.Equal(seats, FormFields.InputValue(html, "Data.Seats"));
        Assert.Equal("2027-03-01", FormFields.InputValue(html, "Data.StartsOn"));
        Assert.Equal("2027-02-01", FormFields.InputValue(html, "Data.EndsOn"));
        Assert.Equal(0, await Fixture.CountAsync<AuditEvent>());
    }

    [Fact]
    public async Task Support_can_view_usage_but_may_not_edit_a_subscription()
    {
        var district = await Fixture.InsertDistrictAsync("readonly", seats: 10);
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var usage = await support.GetPageAsync(UsageUrl(district.Id));
        Assert.Equal(HttpStatusCode.OK, usage.Status);
        Assert.Contains("0 of 10 student seats used", usage.Html);
        Assert.DoesNotContain("Edit subscription", usage.Html);

        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync(EditUrl(district.Id))).StatusCode);
        var token = (await support.GetPageAsync("/support")).AntiforgeryToken();
        var post = await support.PostFormAsync(EditUrl(district.Id), Form("2", "999", "2026-01-01", ""), token);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(10, (await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.SingleAsync())).LicensedStudentSeats);
        Assert.Equal(0, await Fixture.CountAsync<AuditEvent>());
    }

    [Fact]
    public async Task An_owner_cannot_see_or_edit_another_districts_licence()
    {
        var mine = await Fixture.InsertDistrictAsync("mine", seats: 10);
        var theirs = await Fixture.InsertDistrictAsync("theirs", seats: 20);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, mine.Id);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(UsageUrl(mine.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(UsageUrl(theirs.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(EditUrl(theirs.Id))).StatusCode);
        var token = (await owner.GetPageAsync("/district")).AntiforgeryToken();
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostFormAsync(EditUrl(theirs.Id), Form("2", "999", "2026-01-01", ""), token)).StatusCode);

        var own = await owner.GetPageAsync("/district/licence");
        Assert.Contains("District mine", own.Html);
        Assert.DoesNotContain("District theirs", own.Html);
        Assert.Equal(20, (await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.SingleAsync(s => s.DistrictId == theirs.Id))).LicensedStudentSeats);
    }

    [Fact]
    public async Task An_unknown_district_is_not_found_for_staff()
    {
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(UsageUrl(4242))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(EditUrl(4242))).StatusCode);
    }

    [Fact]
    public async Task The_owner_sees_the_usage_bar_and_the_near_limit_banner_on_the_dashboard_and_licence_page()
    {
        var district = await Fixture.InsertDistrictAsync("near", seats: 10);
        await Fixture.InsertStudentsAsync(district.Id, 9);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        foreach (var url in new[] { "/district", "/district/licence" })
        {
            var page = await owner.GetPageAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("9 of 10 student seats used", page.Html);
            Assert.Contains("<meter", page.Html);
            Assert.Contains("value=\"9\"", page.Html);
            Assert.Contains("data-testid=\"seat-usage-banner\"", page.Html);
            Assert.Contains("90 % of licensed seats are in use", page.Html);
        }
    }

    [Fact]
    public async Task Below_90_percent_there_is_no_banner()
    {
        var district = await Fixture.InsertDistrictAsync("calm", seats: 10);
        await Fixture.InsertStudentsAsync(district.Id, 8);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var page = await owner.GetPageAsync("/district/licence");

        Assert.Contains("8 of 10 student seats used", page.Html);
        Assert.DoesNotContain("seat-usage-banner", page.Html);
    }

    [Fact]
    public async Task An_expired_subscription_is_shown_with_the_reason_syncs_are_paused()
    {
        var district = await Fixture.InsertDistrictAsync("lapsed", seats: 10, endsOn: new DateOnly(2025, 6, 30));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var page = await owner.GetPageAsync("/district/licence");

        Assert.Contains("The subscription expired on Jun 30, 2025; syncs and imports are paused until it is renewed.", page.Html);
        Assert.Contains("data-testid=\"subscription-expired-banner\"", page.Html);
        // Its badge says so in red, not a green "OK" for the seats.
        Assert.Equal("Subscription expired", page.TextOf("seat-usage-state", "span"));
        Assert.Contains("text-bg-danger\" data-testid=\"seat-usage-state\"", page.Html);
    }

    [Fact]
    public async Task The_support_console_links_usage_for_all_staff_and_editing_for_support_admins()
    {
        var district = await Fixture.InsertDistrictAsync("linked", seats: 10);
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var supportConsole = await support.GetPageAsync("/support");
        Assert.Contains($"href=\"{UsageUrl(district.Id)}\"", supportConsole.Html);
        Assert.DoesNotContain(EditUrl(district.Id), supportConsole.Html);
        Assert.Contains($"href=\"{EditUrl(district.Id)}\"", (await admin.GetPageAsync("/support")).Html);
    }
}
