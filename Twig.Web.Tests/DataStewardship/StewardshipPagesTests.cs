using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.DataStewardship;
using Twig.Web.Infrastructure.Web.Times;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.DataStewardship;

public sealed class StewardshipPagesTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Districts_expired_for_more_than_90_days_are_on_the_data_to_delete_list_with_the_date_the_clause_fell_due()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Fixture.InsertDistrictAsync("long-gone", status: SubscriptionStatus.Active, endsOn: today.AddDays(-91));
        await Fixture.InsertDistrictAsync("just-gone", status: SubscriptionStatus.Expired, endsOn: today.AddDays(-89));
        await Fixture.InsertDistrictAsync("current", endsOn: today.AddDays(100));
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var page = await support.GetPageAsync("/support/data-to-delete");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-district=\"long-gone\"", page.Html);
        Assert.Contains(DisplayTime.Day(today.AddDays(-1)), page.Html);
        Assert.DoesNotContain("data-district=\"just-gone\"", page.Html);
        Assert.DoesNotContain("data-district=\"current\"", page.Html);
        Assert.Contains("href=\"/support/data-to-delete\"", (await support.GetPageAsync("/support")).Html);
    }

    [Fact]
    public async Task Scheduling_the_deletion_of_a_district_without_an_owner_says_nobody_was_told_and_names_the_district_plainly()
    {
        var district = await Fixture.InsertDistrictAsync("birch-hills");
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var url = $"/support/districts/{district.Id}/delete";
        var fields = new Dictionary<string, string> { ["Slug"] = "birch-hills" };

        var review = await admin.SubmitFormAsync(url, fields, url + "?handler=Review");
        Assert.Contains("The district has no owner account to notify.", await review.Content.ReadAsStringAsync());
        var scheduled = await admin.FollowAsync(await admin.SubmitFormAsync(url, fields, url + "?handler=Confirm"));

        var notice = WebUtility.HtmlDecode(await scheduled.Content.ReadAsStringAsync());
        Assert.Contains("The deletion of the data of District birch-hills is scheduled for ", notice);
        Assert.Contains("The district has no owner account to notify.", notice);
        Assert.DoesNotContain("The owner has been told", notice);
        Assert.DoesNotContain("birch-hills's", notice);
    }

    [Fact]
    public async Task The_slug_confirming_a_deletion_must_be_typed_exactly_and_a_differently_cased_one_schedules_nothing()
    {
        var district = await Fixture.InsertDistrictAsync("demo");
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var url = $"/support/districts/{district.Id}/delete";
        var fields = new Dictionary<string, string> { ["Slug"] = "Demo" };

        var review = WebUtility.HtmlDecode(await (await admin.SubmitFormAsync(url, fields, url + "?handler=Review")).Content.ReadAsStringAsync());
        Assert.Contains("Type the slug exactly: demo.", review);
        Assert.DoesNotContain("data-testid=\"confirm-step\"", review);
        // Posting the second step directly with the same slug is refused by the command too.
        await admin.SubmitFormAsync(url, fields, url + "?handler=Confirm");
        Assert.Equal(0, await Fixture.CountAsync<DistrictDeletion>());
        await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, "DEMO")));

        fields["Slug"] = " demo ";
        Assert.Contains("data-testid=\"confirm-step\"", await (await admin.SubmitFormAsync(url, fields, url + "?handler=Review")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Scheduling_the_deletion_of_a_district_still_paying_warns_first_and_never_tells_the_owner_its_contract_ended()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var paying = await Fixture.InsertDistrictAsync("paying", endsOn: today.AddDays(200));
        var ended = await Fixture.InsertDistrictAsync("ended", status: SubscriptionStatus.Expired, endsOn: today.AddDays(-100));
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, paying.Id);
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, ended.Id);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        async Task<string> ReviewAsync(District district)
        {
            var url = $"/support/districts/{district.Id}/delete";
            var fields = new Dictionary<string, string> { ["Slug"] = district.Slug };
            var review = await admin.SubmitFormAsync(url, fields, url + "?handler=Review");
            return WebUtility.HtmlDecode(await review.Content.ReadAsStringAsync());
        }

        var warned = await ReviewAsync(paying);
        Assert.Contains($"The district's subscription is still active, until {DisplayTime.Day(today.AddDays(200))}.", warned);
        Assert.Contains("Deleting its data ends Twig for the district's people", warned);
        Assert.Contains("data-testid=\"confirm-step\"", warned);
        Assert.DoesNotContain("data-testid=\"subscription-active\"", await ReviewAsync(ended));

        await Fixture.SendAsync(new ScheduleDeletion.Command(paying.Id, paying.Slug));
        await Fixture.SendAsync(new ScheduleDeletion.Command(ended.Id, ended.Slug));
        var bodies = await Fixture.ExecuteDbContextAsync(db => db.Notifications.ToDictionaryAsync(n => n.DistrictId!.Value, n => n.TextBody));
        Assert.DoesNotContain("contract", bodies[paying.Id]);
        Assert.Contains("(people, classes, enrollments, schools, sync and import history), as Twig support scheduled it.", bodies[paying.Id]);
        Assert.Contains($"sync and import history), because your contract ended on {DisplayTime.Day(today.AddDays(-100))}.", bodies[ended.Id]);
    }

    [Fact]
    public async Task The_owners_dashboard_warns_of_a_scheduled_deletion_with_its_date_for_as_long_as_it_stands()
    {
        var district = await Fixture.InsertDistrictAsync("warned");
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        Assert.DoesNotContain("data-testid=\"deletion-banner\"", (await owner.GetPageAsync("/district")).Html);

        var scheduled = await Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, district.Slug));
        var page = await owner.GetPageAsync("/district");
        var banner = WebUtility.HtmlDecode(page.Html);
        Assert.Contains("data-testid=\"deletion-banner\"", banner);
        Assert.Contains("All of this district's data is scheduled for deletion on", banner);
        Assert.Contains(DisplayTime.Format(scheduled.DueAt, DisplayTime.ZoneOrDefault(district.TimeZoneId), TimePart.Date), banner);
        Assert.Contains("If this is a mistake, contact Twig support before that date", banner);
        Assert.Contains("href=\"/district/data\"", banner);

        Assert.True(await Fixture.SendAsync(new CancelDeletion.Command(district.Id)));
        Assert.DoesNotContain("data-testid=\"deletion-banner\"", (await owner.GetPageAsync("/district")).Html);
    }

    [Fact]
    public async Task The_delete_page_counts_every_kind_of_roster_upload_as_an_upload_not_as_users_csv_imports()
    {
        var district = await Fixture.InsertDistrictAsync("uploads");
        foreach (var (source, classesOnly) in new[] { (RosterSource.Csv, false), (RosterSource.Csv, true), (RosterSource.OneRoster, false) })
        {
            await Fixture.InsertAsync(new CsvImport
            {
                DistrictId = district.Id, UploadedBy = "owner", UploadedAt = DateTime.UtcNow, FileName = "upload.csv",
                Status = CsvImportStatus.Applied, Source = source, ClassesOnly = classesOnly,
            });
        }
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var page = WebUtility.HtmlDecode((await admin.GetPageAsync($"/support/districts/{district.Id}/delete")).Html);

        Assert.Contains("0 sync runs with their warnings, 3 roster uploads (users.csv, classes.csv and OneRoster packages)", page);
        Assert.DoesNotContain("users.csv imports", page);
    }

    [Fact]
    public async Task A_scheduled_deletion_the_licence_and_the_owner_account_read_in_the_districts_zone_and_in_words()
    {
        var district = await Fixture.InsertDistrictAsync("eastern");
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.TimeZoneId, "America/New_York")));
        await Fixture.CreateAsync(TwigRoles.DistrictOwner, district.Id);
        var scheduled = await Fixture.SendAsync(new ScheduleDeletion.Command(district.Id, "eastern"));
        var eastern = DisplayTime.ZoneOrDefault("America/New_York");
        var due = DisplayTime.Format(scheduled.DueAt, eastern);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var list = WebUtility.HtmlDecode((await admin.GetPageAsync("/support/data-to-delete")).Html);
        Assert.Contains($">{due}</time>", list);
        var audit = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Where(a => a.Action == "district.deletion-scheduled").Select(a => a.Details).SingleAsync());
        Assert.Equal($"Deletion of the district's data due {due} ({DisplayTime.Utc(scheduled.DueAt)})", audit);
        var licence = WebUtility.HtmlDecode((await admin.GetPageAsync($"/support/districts/{district.Id}/licence")).Html);
        Assert.Contains(DisplayTime.Day(DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1)), licence);
        var console = WebUtility.HtmlDecode((await admin.GetPageAsync($"/support/districts/{district.Id}")).Html);
        Assert.Matches(@"\(since <time [^>]+>[A-Z][a-z]{2} \d+, \d{4}</time>\)", console);
    }

    [Fact]
    public async Task The_privacy_page_is_public_linked_in_the_footer_and_states_the_configured_periods()
    {
        using var visitor = Fixture.CreateSession();

        var page = await visitor.GetPageAsync("/privacy");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("data-testid=\"sync-warnings\">90 days<", page.Html);
        Assert.Contains("data-testid=\"import-issues\">90 days<", page.Html);
        Assert.Contains("data-testid=\"notifications\">1 year<", page.Html);
        Assert.Contains("data-testid=\"audit\">3 years<", page.Html);
        Assert.Contains("data-testid=\"deactivated\">1 year after they left<", page.Html);
        Assert.Contains("30 days later", page.Html);
        // Every roster source is named: Clever, Twig's CSV files and OneRoster.
        var text = WebUtility.HtmlDecode(page.Html);
        Assert.Contains("from Clever or from the files you upload", text);
        Assert.Contains("(users.csv and classes.csv, or a OneRoster CSV package)", text);
        Assert.DoesNotContain("users.csv imports", text);
        var login = (await visitor.GetPageAsync("/login")).Html;
        Assert.Contains("href=\"/privacy\"", login);
        // The page's "contact Twig support" (and every other page's) has an address to go to.
        Assert.Contains("<a href=\"mailto:help@twig.test\" data-testid=\"support-email\">help@twig.test</a>", page.Html);
        Assert.Contains("data-testid=\"support-email\"", login);
    }

    [Fact]
    public async Task The_privacy_pages_district_data_link_is_shown_only_to_whom_it_opens_for()
    {
        var district = await Fixture.InsertDistrictAsync("privacy");
        await Fixture.ImportAsync(district.Id, CsvFiles.File(
            CsvFiles.Row("s1", username: "kid", password: "kid-password-1", first: "Kim", last: "Kid"),
            CsvFiles.Row("t1", role: "teacher", username: "teach", password: "teach-password-1", first: "Tom", last: "Teach"),
            CsvFiles.Row("a1", role: "administrator", username: "admin", password: "admin-password-1", first: "Al", last: "Admin")));
        var visitors = new List<(string Who, TwigSession Session)> { ("anonymous", Fixture.CreateSession()) };
        foreach (var username in new[] { "kid", "teach", "admin" })
        {
            var session = Fixture.CreateSession();
            await session.SubmitFormAsync("/login/privacy", new Dictionary<string, string>
            {
                ["Data.Username"] = username, ["Data.Password"] = username + "-password-1",
            });
            visitors.Add((username, session));
        }
        visitors.Add(("owner", await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id)));
        visitors.Add(("support", await Fixture.SignedInSessionAsync(TwigRoles.Support)));

        foreach (var (who, session) in visitors)
        {
            var privacy = await session.GetPageAsync("/privacy");
            var linked = privacy.Html.Contains("data-testid=\"district-data-link\"", StringComparison.Ordinal);
            Assert.True(linked == (who == "owner"), $"{who}: link shown {linked}");
            if (linked)
                Assert.Equal(HttpStatusCode.OK, (await session.GetPageAsync("/district/data")).Status);
            else
                Assert.Contains("which only your district's account owner can open", WebUtility.HtmlDecode(privacy.Html));
            session.Dispose();
        }
    }
}
