using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.LicenseCheck;
using Twig.Web.Tests.UsersCsvImport;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>Support's view of every district, each district's page, its audit log, and what only support admins may change.</summary>
public sealed class SupportConsoleTests(SliceFixture fixture) : SliceTest(fixture)
{
    private async Task RunAsync(int districtId, SyncRunStatus status, DateTime at) =>
        await Fixture.InsertAsync(new SyncRun
        {
            DistrictId = districtId, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = at, StartedAt = at,
            FinishedAt = at.AddMinutes(1), Status = status, Phase = SyncPhase.Done, Message = $"{status} run",
        });

    [Fact]
    public async Task Every_district_carries_its_badges_and_the_filters_and_search_narrow_the_list()
    {
        var (failed, _) = await Fixture.ConnectedDistrictAsync(students: 5);
        await RunAsync(failed.Id, SyncRunStatus.Succeeded, DateTime.UtcNow.AddHours(-30));
        await RunAsync(failed.Id, SyncRunStatus.Failed, DateTime.UtcNow.AddHours(-1));
        var (stale, _) = await Fixture.ConnectedDistrictAsync(students: 5);
        await RunAsync(stale.Id, SyncRunStatus.Succeeded, DateTime.UtcNow.AddDays(-3));
        var (healthy, _) = await Fixture.ConnectedDistrictAsync(students: 5);
        await RunAsync(healthy.Id, SyncRunStatus.Succeeded, DateTime.UtcNow.AddHours(-2));
        var (held, _) = await Fixture.ConnectedDistrictAsync(students: 5);
        await RunAsync(held.Id, SyncRunStatus.Succeeded, DateTime.UtcNow.AddHours(-20));
        await RunAsync(held.Id, SyncRunStatus.HeldForReview, DateTime.UtcNow.AddHours(-1));
        var over = await Fixture.InsertDistrictAsync("over-seats", seats: 1);
        await Fixture.InsertStudentsAsync(over.Id, 2);
        var blocked = await Fixture.ConnectedDistrictAsync(students: 5);
        await RunAsync(blocked.District.Id, SyncRunStatus.BlockedByLicense, DateTime.UtcNow.AddHours(-1));
        await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.DistrictId == stale.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CleverConnectionState.Disconnected)));
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var all = await support.GetPageAsync("/support");
        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Equal(["failed"], Badges(all.Html, failed.Slug));
        Assert.Equal(["disconnected"], Badges(all.Html, stale.Slug));
        Assert.Empty(Badges(all.Html, healthy.Slug));
        Assert.Equal(["held"], Badges(all.Html, held.Slug));
        Assert.Equal(["overlicence"], Badges(all.Html, "over-seats"));
        Assert.Equal(["blockedbylicence", "norecentsync"], Badges(all.Html, blocked.District.Slug));

        var heldOnly = await support.GetPageAsync("/support?status=held");
        Assert.Contains($"data-district=\"{held.Slug}\"", heldOnly.Html);
        Assert.DoesNotContain($"data-district=\"{failed.Slug}\"", heldOnly.Html);
        var ok = await support.GetPageAsync("/support?status=ok");
        Assert.Contains($"data-district=\"{healthy.Slug}\"", ok.Html);
        Assert.DoesNotContain($"data-district=\"{held.Slug}\"", ok.Html);
        var search = await support.GetPageAsync("/support?q=OVER");
        Assert.Contains("data-district=\"over-seats\"", search.Html);
        Assert.DoesNotContain($"data-district=\"{failed.Slug}\"", search.Html);
        Assert.Contains("No district matches.", (await support.GetPageAsync("/support?q=nothing-like-this")).Html);
    }

    private static List<string> Badges(string html, string slug)
    {
        var row = System.Text.RegularExpressions.Regex.Match(html, $"<tr data-district=\"{slug}\">(.*?)</tr>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for {slug}");
        return System.Text.RegularExpressions.Regex.Matches(row.Groups[1].Value, "data-badge=\"([a-z]+)\"").Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public async Task Opening_a_district_is_audited_with_who_and_where_from_and_the_log_filters_and_pages()
    {
        var district = await Fixture.InsertDistrictAsync("audited");
        await Fixture.InsertAsync(Enumerable.Range(0, 60).Select(i => (object)new AuditEvent
        {
            At = DateTime.UtcNow.AddMinutes(-100 + i), Actor = "owner@x.test", Action = "sync.requested", DistrictId = district.Id, Details = $"n{i}",
        }).ToArray());
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var page = await support.GetPageAsync($"/support/districts/{district.Id}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var viewed = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.SingleAsync(a => a.Action == "district.viewed"));
        Assert.Equal(district.Id, viewed.DistrictId);
        Assert.StartsWith("support-", viewed.Actor);
        Assert.NotNull(viewed.ActorUserId);
        Assert.False(string.IsNullOrEmpty(viewed.IpAddress));

        var first = await support.GetPageAsync($"/support/districts/{district.Id}/audit?what=sync.requested");
        Assert.Contains("60 entries.", first.Html);
        Assert.Contains(">n59<", first.Html);
        Assert.DoesNotContain(">n9<", first.Html);
        Assert.Contains("Page 1 of 2", first.Html);
        var second = await support.GetPageAsync($"/support/districts/{district.Id}/audit?what=sync.requested&p=2");
        Assert.Contains(">n9<", second.Html);
        var viewedOnly = await support.GetPageAsync($"/support/districts/{district.Id}/audit?what=district.viewed");
        Assert.Contains("1 entry.", viewedOnly.Html);
        Assert.Contains("0 entries.", (await support.GetPageAsync($"/support/districts/{district.Id}/audit?who=nobody-at-all")).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync("/support/districts/999999")).StatusCode);
    }

    [Fact]
    public async Task The_audit_log_says_each_action_in_words_and_links_the_import_or_run_its_details_name()
    {
        var district = await Fixture.InsertDistrictAsync("worded");
        AuditEvent Entry(string action, string details) =>
            new() { At = DateTime.UtcNow, Actor = "owner@x.test", Action = action, DistrictId = district.Id, Details = details };
        await Fixture.InsertAsync(Entry("sync.held.discarded", "Run 5"), Entry("csv.cancelled", "Import 10"),
            Entry("oneroster.cancelled", "Import 11"), Entry("district.deletion-cancelled", "Scheduled deletion 1 cancelled"),
            Entry("made.up.code", "kept as it is"));
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var page = await support.GetPageAsync($"/support/districts/{district.Id}/audit");

        Assert.DoesNotContain("<code>", page.Html);
        Assert.Contains("<td>Held sync discarded</td>", page.Html);
        Assert.Contains("<td>Scheduled deletion cancelled</td>", page.Html);
        Assert.Contains("<td>OneRoster upload cancelled</td>", page.Html);
        Assert.Contains("<td>made.up.code</td>", page.Html);
        // The filter offers the same words and still filters by the stored code.
        Assert.Contains("<option value=\"sync.held.discarded\">Held sync discarded</option>", page.Html);
        Assert.Contains("<option value=\"made.up.code\">made.up.code</option>", page.Html);
        var filtered = await support.GetPageAsync($"/support/districts/{district.Id}/audit?what=csv.cancelled");
        Assert.Contains("<option value=\"csv.cancelled\" selected=\"selected\">CSV upload cancelled</option>", filtered.Html);
        Assert.Contains("1 entry.", filtered.Html);
        // An import or run named by id links to its page.
        Assert.Contains($"<a href=\"/districts/{district.Id}/sync/runs/5\">Run 5</a>", page.Html);
        Assert.Contains($"<a href=\"/support/districts/{district.Id}/import/10\">Import 10</a>", page.Html);
        Assert.Contains($"<a href=\"/support/districts/{district.Id}/oneroster/11\">Import 11</a>", page.Html);
    }

    [Fact]
    public async Task A_support_admin_creates_the_one_owner_who_signs_in_with_the_one_time_password_then_resets_it()
    {
        var district = await Fixture.InsertDistrictAsync("owned");
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var url = $"/support/districts/{district.Id}/owner";

        var invalid = await admin.SubmitFormAsync(url, new Dictionary<string, string> { ["Data.Email"] = "not-an-address", ["Data.DisplayName"] = "Olive Owner" }, url + "?handler=Create");
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("Enter a valid e-mail address.", invalidHtml);
        Assert.Contains("value=\"Olive Owner\"", invalidHtml);

        var created = await admin.SubmitFormAsync(url, new Dictionary<string, string> { ["Data.Email"] = "olive@owned.test", ["Data.DisplayName"] = "Olive Owner" }, url + "?handler=Create");
        var password = Password(await created.Content.ReadAsStringAsync());
        using (var owner = Fixture.CreateSession())
        {
            await owner.SignInAsync("olive@owned.test", password);
            // The one-time password must be replaced before any other page opens.
            var blocked = await owner.GetAsync("/district");
            Assert.Equal("/account/password", blocked.Headers.Location!.OriginalString);
            Assert.Contains("data-testid=\"must-change\"", (await owner.GetPageAsync("/account/password")).Html);
            var changed = await owner.SubmitFormAsync("/account/password", new Dictionary<string, string>
            {
                ["Data.Current"] = password, ["Data.New"] = "olive-chose-this-one", ["Data.Confirm"] = "olive-chose-this-one",
            });
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
            Assert.Contains("District owned", (await owner.GetPageAsync("/district")).Html);
        }

        var second = await admin.SubmitFormAsync(url, new Dictionary<string, string> { ["Data.Email"] = "other@owned.test", ["Data.DisplayName"] = "Other" }, url + "?handler=Create");
        Assert.DoesNotContain("data-testid=\"password\"", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.Users.CountAsync(u => u.DistrictId == district.Id)));

        var reset = await admin.SubmitFormAsync(url, new Dictionary<string, string>(), url + "?handler=Reset");
        var newPassword = Password(await reset.Content.ReadAsStringAsync());
        Assert.NotEqual(password, newPassword);
        using (var owner = Fixture.CreateSession())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => owner.SignInAsync("olive@owned.test", password));
            await owner.SignInAsync("olive@owned.test", newPassword);
        }
        var actions = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Where(a => a.DistrictId == district.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("account.created", actions);
        Assert.Contains("account.reset", actions);
        Assert.DoesNotContain(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Select(a => a.Details).ToListAsync()), d => d != null && (d.Contains(password) || d.Contains(newPassword)));
    }

    private static string Password(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "data-testid=\"password\">([^<]+)<");
        Assert.True(match.Success, "no one-time password shown");
        return match.Groups[1].Value;
    }

    [Fact]
    public async Task A_seat_count_that_does_not_bind_on_a_new_district_shows_with_every_other_mistake_on_the_same_submit()
    {
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var html = await (await admin.SubmitFormAsync("/support/districts/new", new Dictionary<string, string>
        {
            ["Data.Name"] = "", ["Data.Slug"] = "Bad Slug!", ["Data.Seats"] = "1,5OO", ["Data.Source"] = "Csv",
        })).Content.ReadAsStringAsync();

        Assert.Contains("Name is required.", html);
        Assert.Contains("The slug may hold only lower-case letters", html);
        Assert.Equal(1, html.Split("Seats must be a whole number from 0 to 10,000,000.").Length - 1);
        Assert.Equal("1,5OO", FormFields.InputValue(html, "Data.Seats"));
        Assert.Equal("Bad Slug!", FormFields.InputValue(html, "Data.Slug"));
        Assert.Equal("Csv", FormFields.SelectedOption(html, "Data.Source"));
        Assert.Equal(0, await Fixture.CountAsync<District>());
    }

    [Fact]
    public async Task A_support_admin_creates_a_district_and_changes_its_sync_settings_with_an_audit_entry()
    {
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var bad = await admin.SubmitFormAsync("/support/districts/new", new Dictionary<string, string> { ["Data.Name"] = "Shelbyville", ["Data.Slug"] = "Bad Slug!", ["Data.Seats"] = "300" });
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("The slug may hold only lower-case letters", badHtml);
        Assert.Contains("value=\"Shelbyville\"", badHtml);
        // Plain words, not FluentValidation's "'Name' must not be empty." / "You entered -1.".
        var emptyHtml = await (await admin.SubmitFormAsync("/support/districts/new", new Dictionary<string, string> { ["Data.Name"] = "", ["Data.Slug"] = "x", ["Data.Seats"] = "" })).Content.ReadAsStringAsync();
        Assert.Contains("Name is required.", emptyHtml);
        Assert.Contains("Seats must be a whole number from 0 to 10,000,000.", emptyHtml);
        Assert.DoesNotContain("You entered", emptyHtml);
        Assert.DoesNotContain("must not be empty", emptyHtml);
        // "7.5" and "abc" do not bind and "-5" is out of range: the one seats rule either way, never MVC's "The value '7.5' is not
        // valid"; and the form comes back as typed, the refused seats included.
        foreach (var seats in new[] { "7.5", "-5", "abc" })
        {
            var refused = await (await admin.SubmitFormAsync("/support/districts/new", new Dictionary<string, string>
            {
                ["Data.Name"] = "Shelbyville", ["Data.Slug"] = "shelbyville", ["Data.Seats"] = seats, ["Data.Source"] = "Csv",
            })).Content.ReadAsStringAsync();
            Assert.Equal(1, refused.Split("Seats must be a whole number from 0 to 10,000,000.").Length - 1);
            Assert.DoesNotContain("is not valid", refused);
            Assert.Equal(seats, FormFields.InputValue(refused, "Data.Seats"));
            Assert.Equal("Shelbyville", FormFields.InputValue(refused, "Data.Name"));
            Assert.Equal("shelbyville", FormFields.InputValue(refused, "Data.Slug"));
            Assert.Equal("Csv", FormFields.SelectedOption(refused, "Data.Source"));
        }

        var created = await admin.SubmitFormAsync("/support/districts/new", new Dictionary<string, string> { ["Data.Name"] = "Shelbyville", ["Data.Slug"] = "shelbyville", ["Data.Seats"] = "300" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var districtUrl = created.Headers.Location!.OriginalString;
        var district = await Fixture.ExecuteDbContextAsync(db => db.Districts.Include(d => d.Subscription).SingleAsync());
        Assert.Equal($"/support/districts/{district.Id}", districtUrl);
        Assert.Equal(300, district.Subscription!.LicensedStudentSeats);

        var settings = $"/support/districts/{district.Id}/settings";
        var invalid = await admin.SubmitFormAsync(settings, new Dictionary<string, string> { ["Data.NightlySyncEnabled"] = "false", ["Data.DeactivationThresholdPercent"] = "0" });
        Assert.Contains("The threshold must be a whole percentage from 1 to 100.", await invalid.Content.ReadAsStringAsync());
        var saved = await admin.SubmitFormAsync(settings, new Dictionary<string, string> { ["Data.NightlySyncEnabled"] = "false", ["Data.DeactivationThresholdPercent"] = "25" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await admin.GetPageAsync(districtUrl);
        Assert.Contains("Sync settings saved: nightly sync on &#x2192; off; deactivation threshold 10 % &#x2192; 25 %.", page.Html);
        Assert.Contains("data-testid=\"nightly\">Off<", page.Html);
        var audit = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.SingleAsync(a => a.Action == "district.settings.changed"));
        Assert.Equal(district.Id, audit.DistrictId);
        Assert.Equal("nightly sync on → off; deactivation threshold 10 % → 25 %", audit.Details);
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("district")]
    [InlineData("two-factor")]
    [InlineData("external")]
    public async Task A_slug_the_sign_in_pages_use_is_refused_so_the_district_can_reach_its_own_sign_in_page(string slug)
    {
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var refused = await admin.SubmitFormAsync("/support/districts/new",
            new Dictionary<string, string> { ["Data.Name"] = "Shelbyville", ["Data.Slug"] = slug, ["Data.Seats"] = "300" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(HtmlEncoder.Default.Encode(NewDistricts.SlugReserved(slug)), await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await Fixture.CountAsync<District>());
    }

    [Fact]
    public async Task A_district_kept_by_uploads_shows_its_last_applied_upload_not_never()
    {
        var csv = await Fixture.InsertDistrictAsync("uploads");
        var synced = await Fixture.InsertDistrictAsync("synced");
        await RunAsync(synced.Id, SyncRunStatus.Succeeded, DateTime.UtcNow.AddHours(-3));
        await Fixture.ApplyAsync(csv.Id, await Fixture.UploadAsync(csv.Id, CsvFiles.File(CsvFiles.Row("s1", username: "kid1"))));
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var console = await support.GetPageAsync("/support");

        string LastUpdate(string slug) => WebUtility.HtmlDecode(Regex.Match(console.Html,
            $"<tr data-district=\"{slug}\">.*?data-testid=\"last-update\">(.*?)</td>", RegexOptions.Singleline).Groups[1].Value);
        Assert.Matches(@"\(less than a minute ago\)</time> · upload\s*$", LastUpdate("uploads"));
        Assert.Matches(@"\([23] hours ago\)</time> · sync\s*$", LastUpdate("synced"));
        var page = WebUtility.HtmlDecode((await support.GetPageAsync($"/support/districts/{csv.Id}")).Html);
        Assert.Contains("no sync: not on Clever", page);
        Assert.Matches("data-testid=\"last-upload\"><time [^>]+>[^<]+</time>", page);
    }

    [Fact]
    public async Task Support_is_read_only()
    {
        var district = await Fixture.InsertDistrictAsync("readonly");
        var clever = Fixture.NewSandboxDistrict(students: 5);
        await Fixture.SendAsync(new Features.CleverSync.Connections.DiscoverConnections.Command());
        var connectionId = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.CleverDistrictId == clever.Id).Select(c => c.Id).SingleAsync());
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var page = await support.GetPageAsync($"/support/districts/{district.Id}");
        Assert.Contains("data-testid=\"pending-connections\"", page.Html);
        Assert.DoesNotContain("Approve for", page.Html);
        Assert.DoesNotContain("/settings\"", page.Html);
        var token = page.AntiforgeryToken();
        foreach (var (url, fields) in new[]
                 {
                     ($"/support/districts/{district.Id}?handler=Approve", new Dictionary<string, string> { ["connectionId"] = connectionId.ToString(), ["runInitialSync"] = "true" }),
                     ($"/support/districts/{district.Id}?handler=Reject", new Dictionary<string, string> { ["connectionId"] = connectionId.ToString() }),
                     ($"/support/districts/{district.Id}/settings", new Dictionary<string, string> { ["Data.DeactivationThresholdPercent"] = "50" }),
                     ($"/support/districts/{district.Id}/owner?handler=Create", new Dictionary<string, string> { ["Data.Email"] = "x@y.test", ["Data.DisplayName"] = "X" }),
                     ("/support/districts/new", new Dictionary<string, string> { ["Data.Name"] = "N", ["Data.Slug"] = "n", ["Data.Seats"] = "1" }),
                 })
            Assert.Equal(HttpStatusCode.Forbidden, (await support.PostFormAsync(url, fields, token)).StatusCode);

        var connection = await Fixture.FindAsync<CleverConnection>(connectionId);
        Assert.Equal(CleverConnectionState.PendingApproval, connection!.State);
        Assert.Equal(1, await Fixture.CountAsync<District>());
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.Users.CountAsync(u => u.DistrictId != null)));
    }
}
