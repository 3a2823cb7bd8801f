using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>The sync log pages through HTTP, as the owner, support and support admins use them.</summary>
public sealed class SyncPagesTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_owner_presses_sync_now_and_follows_the_run_to_its_outcome()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var history = $"/districts/{district.Id}/sync";

        var pressed = await owner.SubmitFormAsync(history, new Dictionary<string, string>(), action: $"{history}?handler=Sync");

        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        var runUrl = pressed.Headers.Location!.OriginalString;
        Assert.Matches($"/districts/{district.Id}/sync/runs/\\d+$", runUrl);
        var queued = await owner.GetPageAsync(runUrl);
        Assert.Contains("In progress", queued.Html);
        Assert.Contains("Refresh", queued.Html);

        await Fixture.ProcessQueueAsync(district.Id);

        var progress = JsonDocument.Parse(await (await owner.GetAsync(runUrl + "?handler=Progress")).Content.ReadAsStringAsync()).RootElement;
        Assert.True(progress.GetProperty("finished").GetBoolean());
        var done = await owner.GetPageAsync(runUrl);
        Assert.Contains("Succeeded", done.Html);
        Assert.Contains("People", done.Html);
        Assert.DoesNotContain("In progress", done.Html);
        var log = await owner.GetPageAsync(history);
        Assert.Contains("Sync now", log.Html);
        Assert.Contains(runUrl, log.Html);
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "sync.requested" && a.DistrictId == district.Id)));
    }

    [Fact]
    public async Task Warnings_download_as_a_spreadsheet_safe_csv()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 200);
        var run = await Fixture.SyncAsync(district.Id);
        Assert.NotEmpty(run.Issues);
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var response = await support.GetAsync($"/districts/{district.Id}/sync/runs/{run.Id}?handler=Warnings");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("severity,entity,clever_id,field,message", csv.TrimStart('\uFEFF'));
        Assert.Contains(clever.Roster.AnyStudentMissingMandatoryField().Id, csv);
    }

    [Fact]
    public async Task Support_reads_every_log_but_cannot_start_or_decide()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 120);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        clever.Changes.EmptyRoster();
        var held = await Fixture.SyncAsync(district.Id);
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var review = await support.GetPageAsync($"/districts/{district.Id}/sync/runs/{held.Id}/review");
        Assert.Equal(HttpStatusCode.OK, review.Status);
        Assert.DoesNotContain("Approve: deactivate", review.Html);
        var approve = await support.PostFormAsync($"/districts/{district.Id}/sync/runs/{held.Id}/review?handler=Approve", new Dictionary<string, string>(), review.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
        var history = await support.GetPageAsync($"/districts/{district.Id}/sync");
        Assert.DoesNotContain("Sync now</button>", history.Html);
        var press = await support.PostFormAsync($"/districts/{district.Id}/sync?handler=Sync", new Dictionary<string, string>(), history.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Forbidden, press.StatusCode);
        Assert.Equal(SyncRunStatus.HeldForReview, (await Fixture.RunAsync(held.Id)).Status);
    }

    [Fact]
    public async Task Sync_now_says_so_on_the_run_it_opens_and_not_later_on_the_dashboard()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 20);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var history = await owner.GetPageAsync($"/districts/{district.Id}/sync");

        var press = await owner.PostFormAsync($"/districts/{district.Id}/sync?handler=Sync", new Dictionary<string, string>(), history.AntiforgeryToken());
        var run = await owner.FollowAsync(press);

        Assert.Matches($"/districts/{district.Id}/sync/runs/\\d+$", run.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Sync started.", await run.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Sync started.", (await owner.GetPageAsync("/district")).Html);
    }

    [Fact]
    public async Task The_owner_reviews_a_held_run_and_discards_it()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 120);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        clever.Changes.EmptyRoster();
        var held = await Fixture.SyncAsync(district.Id);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var reviewUrl = $"/districts/{district.Id}/sync/runs/{held.Id}/review";

        // The dashboard's Clever card says what there is to do, and links to it.
        var dashboard = await owner.GetPageAsync("/district");
        Assert.Contains($"Review held sync #{held.Id}", dashboard.Html);
        Assert.Contains($"href=\"{reviewUrl}\"", dashboard.Html);

        var review = await owner.GetPageAsync(reviewUrl);
        Assert.Contains("Approve: deactivate these records", review.Html);
        var someone = await Fixture.ExecuteDbContextAsync(db => db.HeldDeactivations.Where(h => h.SyncRunId == held.Id && h.EntityType == RosterEntityType.Person)
            .OrderBy(h => h.DisplayName).Select(h => h.DisplayName).FirstAsync());
        // Razor encodes an apostrophe as &#x27;, WebUtility as &#39;: compare the decoded page (names like O'Neill).
        Assert.Contains(someone, System.Net.WebUtility.HtmlDecode(review.Html));

        await owner.PostFormAsync($"{reviewUrl}?handler=Discard", new Dictionary<string, string>(), review.AntiforgeryToken());

        Assert.Equal(SyncRunStatus.Discarded, (await Fixture.RunAsync(held.Id)).Status);
        Assert.All((await Fixture.TwigPeopleAsync(district.Id)).Values, Assert.True);

        // The same decision again from a tab left open: the page says once that the run was decided, and by whom.
        var again = await owner.FollowAsync(
            await owner.PostFormAsync($"{reviewUrl}?handler=Discard", new Dictionary<string, string>(), review.AntiforgeryToken()));
        var html = System.Net.WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync());
        Assert.Contains("This run is no longer waiting for a decision (Discarded", html);
        Assert.DoesNotContain("not waiting for review", html);
    }

    [Fact]
    public async Task Another_districts_owner_sees_nothing_and_foreign_run_ids_are_not_found()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();
        var run = await Fixture.SyncAsync(district.Id);
        var other = await Fixture.InsertDistrictAsync("elsewhere");
        using var stranger = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, other.Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/districts/{district.Id}/sync")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/districts/{district.Id}/sync/runs/{run.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/districts/{district.Id}/sync/runs/{run.Id}?handler=Warnings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/districts/{other.Id}/sync/runs/{run.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/districts/{other.Id}/sync/runs/{run.Id}?handler=Progress")).StatusCode);
    }

    [Fact]
    public async Task A_support_admin_approves_a_pending_connection_with_a_new_district()
    {
        var clever = Fixture.NewSandboxDistrict(students: 40);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);

        var discovered = await admin.SubmitFormAsync("/support/connections", new Dictionary<string, string>(), action: "/support/connections?handler=Discover");
        Assert.Equal(HttpStatusCode.Redirect, discovered.StatusCode);
        var page = await admin.GetPageAsync("/support/connections");
        Assert.Contains(clever.Name, page.Html);
        Assert.Matches(@"Clever lists \d+ connected districts?: \d+ new, \d+ tokens? renewed, \d+ disconnected\.", page.Html);
        var connectionId = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.CleverDistrictId == clever.Id).Select(c => c.Id).SingleAsync());

        var approved = await admin.PostFormAsync("/support/connections?handler=Approve", new Dictionary<string, string>
        {
            ["Approval.ConnectionId"] = connectionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Approval.DistrictSlug"] = "brand-new",
            ["Approval.CreateDistrict"] = "true",
            ["Approval.NewName"] = "Brand New USD",
            ["Approval.NewSeats"] = "900",
            ["Approval.RunInitialSync"] = "true",
        }, page.AntiforgeryToken());

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var district = await Fixture.ExecuteDbContextAsync(db => db.Districts.SingleAsync(d => d.Slug == "brand-new"));
        var initial = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.SingleAsync(r => r.DistrictId == district.Id));
        Assert.Equal(SyncTrigger.Initial, initial.Trigger);
        await Fixture.ProcessQueueAsync(district.Id);
        Assert.True((await Fixture.TwigPeopleAsync(district.Id)).Count > 0);
    }

    [Fact]
    public async Task An_approval_with_a_mistake_is_shown_again_with_the_reason()
    {
        var (connectionId, status, html) = await PostApprovalAsync(new()
        {
            ["Approval.DistrictSlug"] = "no-such-district",
            ["Approval.RunInitialSync"] = "true",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("There is no district with the slug", html);
        Assert.Equal(CleverConnectionState.PendingApproval,
            await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.Id == connectionId).Select(c => c.State).SingleAsync()));
    }

    [Fact]
    public async Task A_refused_approval_keeps_what_was_typed_in_that_connections_form()
    {
        await Fixture.InsertDistrictAsync("taken");
        var (id, _, html) = await PostApprovalAsync(new()
        {
            ["Approval.DistrictSlug"] = "taken",
            ["Approval.CreateDistrict"] = "true",
            ["Approval.NewName"] = "Oak Ridge USD",
            ["Approval.NewSeats"] = "100",
            ["Approval.RunInitialSync"] = "false",
        });

        Assert.Contains("A district with the slug &#x27;taken&#x27; already exists", html);
        Assert.Matches($"id=\"slug-{id}\"[^>]*value=\"taken\"", html);
        Assert.Matches($"id=\"create-{id}\"[^>]*checked", html);
        Assert.Matches($"id=\"name-{id}\"[^>]*value=\"Oak Ridge USD\"", html);
        Assert.Matches($"id=\"seats-{id}\"[^>]*value=\"100\"", html);
        Assert.DoesNotMatch($"id=\"initial-{id}\"[^>]*checked", html);
    }

    [Theory]
    [InlineData("7.5")]
    [InlineData("-5")]
    [InlineData("abc")]
    public async Task An_approval_with_seats_that_are_no_whole_number_in_range_says_the_subscription_pages_one_rule(string seats)
    {
        var (id, status, html) = await PostApprovalAsync(new()
        {
            ["Approval.DistrictSlug"] = "oak-ridge",
            ["Approval.CreateDistrict"] = "true",
            ["Approval.NewName"] = "Oak Ridge USD",
            ["Approval.NewSeats"] = seats,
            ["Approval.RunInitialSync"] = "false",
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "Seats must be a whole number from 0 to 10,000,000\\."));
        Assert.DoesNotContain("is not valid", html);
        Assert.DoesNotContain("Seats is required", html);
        // That connection's form comes back as typed, the refused seats included.
        Assert.Equal(seats, FormFields.InputValue(html, $"seats-{id}"));
        Assert.Equal("oak-ridge", FormFields.InputValue(html, $"slug-{id}"));
        Assert.Equal("Oak Ridge USD", FormFields.InputValue(html, $"name-{id}"));
        Assert.Matches($"id=\"create-{id}\"[^>]*checked", html);
        Assert.DoesNotMatch($"id=\"initial-{id}\"[^>]*checked", html);
        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.Districts.AnyAsync(d => d.Slug == "oak-ridge")));
    }

    [Theory]
    [InlineData(RosterSource.Csv, "Twig CSV (users.csv)")]
    [InlineData(RosterSource.OneRoster, "OneRoster CSV package")]
    public async Task An_approval_into_a_district_rostered_from_another_source_is_refused_and_changes_nothing(RosterSource source,
        string described)
    {
        var slug = $"maple{(int)source}";
        var maple = await Fixture.InsertDistrictAsync(slug);
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == maple.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RosterSource, source)));

        var (id, status, html) = await PostApprovalAsync(new()
        {
            ["Approval.DistrictSlug"] = slug,
            ["Approval.RunInitialSync"] = "true",
            ["Approval.ConfirmedSlug"] = slug,
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"District {slug} is rostered from {described}, so it cannot be linked to a Clever connection: sources never mix. " +
            "Nothing was changed.", WebUtility.HtmlDecode(html));
        var connection = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.SingleAsync(c => c.Id == id));
        Assert.Equal(CleverConnectionState.PendingApproval, connection.State);
        Assert.Null(connection.DistrictId);
        using var visitor = Fixture.CreateSession();
        Assert.DoesNotContain("signs in with Clever", (await visitor.GetPageAsync($"/login/{slug}")).Html);
    }

    [Fact]
    public async Task A_stray_connection_never_hides_the_sign_in_of_a_district_rostered_from_csv()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 5);
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.RosterSource, RosterSource.Csv)));
        using var visitor = Fixture.CreateSession();

        var page = await visitor.GetPageAsync($"/login/{district.Slug}");

        Assert.DoesNotContain("signs in with Clever", page.Html);
        Assert.Contains("Sign in with Google", page.Html);
        Assert.Contains("Data.Password", page.Html);
    }

    [Fact]
    public async Task Linking_districts_whose_names_differ_asks_to_confirm_and_links_on_the_second_submit()
    {
        await Fixture.InsertDistrictAsync("pine");
        var (id, status, html) = await PostApprovalAsync(new()
        {
            ["Approval.DistrictSlug"] = "Pine ",
            ["Approval.RunInitialSync"] = "false",
        });
        var cleverName = await Fixture.ExecuteDbContextAsync(db =>
            db.CleverConnections.Where(c => c.Id == id).Select(c => c.CleverDistrictName).SingleAsync());

        Assert.Equal(HttpStatusCode.OK, status);
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains($"{cleverName} is named District pine in Twig. If they are the same district, tick " +
            $"\"Yes, link {cleverName} to District pine\" and approve again.", text);
        Assert.Contains($"Yes, link {cleverName} to District pine</label>", text);
        Assert.Matches($"id=\"confirm-{id}\"[^>]*value=\"pine\"", html);
        Assert.Equal(CleverConnectionState.PendingApproval,
            await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.Id == id).Select(c => c.State).SingleAsync()));

        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var page = await admin.GetPageAsync("/support/connections");
        var confirmed = await admin.PostFormAsync("/support/connections?handler=Approve", new Dictionary<string, string>
        {
            ["Approval.ConnectionId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Approval.DistrictSlug"] = "pine",
            ["Approval.RunInitialSync"] = "false",
            ["Approval.ConfirmedSlug"] = "pine",
        }, page.AntiforgeryToken());

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("pine", await Fixture.ExecuteDbContextAsync(db =>
            db.CleverConnections.Where(c => c.Id == id).Select(c => c.District!.Slug).SingleAsync()));
    }

    /// <summary>A new sandbox district discovered, and support's approval form for its connection posted with <paramref name="fields"/>.</summary>
    private async Task<(int ConnectionId, HttpStatusCode Status, string Html)> PostApprovalAsync(Dictionary<string, string> fields)
    {
        var clever = Fixture.NewSandboxDistrict(students: 20);
        await Fixture.SendAsync(new Twig.Web.Features.CleverSync.Connections.DiscoverConnections.Command());
        var id = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.CleverDistrictId == clever.Id).Select(c => c.Id).SingleAsync());
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var page = await admin.GetPageAsync("/support/connections");
        fields["Approval.ConnectionId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await admin.PostFormAsync("/support/connections?handler=Approve", fields, page.AntiforgeryToken());
        return (id, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Support_sees_connections_but_cannot_approve()
    {
        Fixture.NewSandboxDistrict(students: 20);
        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);

        var page = await support.GetPageAsync("/support/connections");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("Check Clever for new connections now", page.Html);
        var discover = await support.PostFormAsync("/support/connections?handler=Discover", new Dictionary<string, string>(), page.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Forbidden, discover.StatusCode);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, (await Fixture.InsertDistrictAsync("o")).Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/support/connections")).StatusCode);
    }
}
