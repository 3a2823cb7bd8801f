using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.DistrictAdmin;
using Twig.Web.Tests.CleverSync;
using Twig.Web.Tests.Harness;
using Twig.Web.Tests.LicenseCheck;

namespace Twig.Web.Tests.DistrictAdmin;

/// <summary>The owner's dashboard over real HTTP, against a sandbox Clever district.</summary>
public sealed class DashboardTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Sync_now_queues_a_run_whose_progress_is_served_as_json_then_history_and_chart_show_it()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 40, seats: 500);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var before = await owner.GetPageAsync("/district");
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Contains("data-testid=\"connection-state\">Connected<", before.Html);
        Assert.Contains("Last successful sync</dt>", before.Html);
        Assert.Contains("None yet", before.Html);
        Assert.DoesNotContain("data-testid=\"sync-unavailable\"", before.Html);
        // The next nightly sync reads in the district's zone (Pacific by default), relative, with UTC on hover.
        Assert.Matches(@"data-testid=""next-nightly-district""><time datetime=""[0-9T:-]+Z"" title=""[0-9: -]+ UTC"">[A-Z][a-z]{2} \d+, \d{4} \d+:\d\d (AM|PM) (PST|PDT) \(in [^)]+\)</time>", before.Html);
        // Without JavaScript the viewer's own time is not known: the line that would name it stays hidden (it would be UTC).
        Assert.Matches(@"<span class=""text-muted"" data-local-time-line hidden><br />your computer's time:", before.Html);

        var posted = await owner.SubmitFormAsync("/district", new Dictionary<string, string>(), "/district?handler=Sync");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var runId = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.DistrictId == district.Id).Select(r => r.Id).SingleAsync());
        var queued = await owner.GetPageAsync("/district");
        Assert.Contains("Sync started.", queued.Html);
        Assert.Contains($"data-progress-url=\"/district?handler=Progress&amp;run={runId}\"", queued.Html);
        Assert.Contains($"Sync now is available again when run #{runId} ends.", queued.Html);
        Assert.DoesNotContain("Finished", queued.Html);
        Assert.Contains("Waiting to start", queued.Html);
        // No step yet: a screen reader hears "Queued — Waiting to start", not "— : Waiting to start".
        Assert.Contains("data-part=\"step-colon\" hidden=\"hidden\"", queued.Html);
        Assert.Contains("disabled=\"disabled\"", queued.Html);

        var progress = await Json(owner, $"/district?handler=Progress&run={runId}");
        Assert.Equal("Queued", progress.GetProperty("status").GetString());
        Assert.False(progress.GetProperty("finished").GetBoolean());
        // Claimed by an instance and not yet at its first step: starting, not "running, waiting to start".
        await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, SyncRunStatus.Running)));
        Assert.Equal("Starting", (await Json(owner, $"/district?handler=Progress&run={runId}")).GetProperty("phaseText").GetString());
        await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, SyncRunStatus.Queued)));

        await Fixture.ProcessQueueAsync(district.Id);

        var done = await Json(owner, $"/district?handler=Progress&run={runId}");
        Assert.True(done.GetProperty("finished").GetBoolean());
        // A finished run reads as its outcome only: no "— Finished" after it.
        Assert.Equal("", done.GetProperty("phaseText").GetString());
        var after = await owner.GetPageAsync("/district");
        Assert.DoesNotContain("data-sync-progress", after.Html);
        Assert.Contains($"<tr data-run=\"{runId}\">", after.Html);
        Assert.Contains($"data-testid=\"run-mark\" data-run=\"{runId}\"", after.Html);
        Assert.Contains("data-runs=\"1\"", after.Html);
        Assert.DoesNotContain("None yet", after.Html);
        Assert.Matches($@"Run #{runId} was started less than a minute ago and has finished; you can sync again in \d minutes? \(at \d{{1,2}}:\d\d (AM|PM) (PST|PDT)\)\.", after.Html);
    }

    [Fact]
    public async Task A_queued_run_claimed_while_the_page_reads_it_shows_one_state_in_the_sync_box_the_table_and_the_chart()
    {
        // The run is queued, not claimed; another instance claims it while the dashboard is being read.
        var (runId, page) = await DashboardReadBesideAsync(id =>
            $"UPDATE \"SyncRuns\" SET \"Status\" = {(int)SyncRunStatus.Running} WHERE \"Id\" = {id}");

        var box = Regex.Match(page.Html, "<strong data-field=\"statusText\">([^<]+)</strong>").Groups[1].Value;
        var table = Regex.Match(page.Html, $"<tr data-run=\"{runId}\">.*?<span class=\"badge [^\"]+\"[^>]*>([^<]+)</span>", RegexOptions.Singleline)
            .Groups[1].Value;
        var chart = Regex.Match(page.Html, $"<title>Run #{runId}, [0-9-]+: ([^<]+)</title>").Groups[1].Value;
        Assert.Equal("Running", box);
        Assert.Equal((box, box), (table, chart));
        Assert.Contains("1 running", page.Html);
        Assert.DoesNotContain("queued", Regex.Match(page.Html, "<title id=\"activity-chart-title\">([^<]+)</title>").Groups[1].Value);
    }

    [Fact]
    public async Task A_run_that_ends_while_the_page_reads_it_shows_as_finished_with_its_counts()
    {
        // Another instance runs the whole sync while the dashboard is being read: 7 people added.
        var (runId, page) = await DashboardReadBesideAsync(id => $"""
            UPDATE "SyncRuns" SET "Status" = {(int)SyncRunStatus.Succeeded}, "StartedAt" = "RequestedAt", "FinishedAt" = "RequestedAt"
            WHERE "Id" = {id};
            INSERT INTO "SyncRunCounts" ("SyncRunId", "EntityType", "Created", "Updated", "Deactivated", "Reactivated", "Unchanged", "Skipped")
            VALUES ({id}, {(int)RosterEntityType.Person}, 7, 0, 0, 0, 0, 0);
            """);

        var row = Regex.Match(page.Html, $"<tr data-run=\"{runId}\">.*?</tr>", RegexOptions.Singleline).Value;
        var cells = Regex.Matches(row, "<td class=\"text-end\">([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(">Succeeded</span>", row);
        Assert.Equal("7", cells[0]);
        Assert.DoesNotContain("data-sync-progress", page.Html);
        Assert.Matches($"<title>Run #{runId}, [0-9-]+: Succeeded</title>", page.Html);
    }

    /// <summary>
    /// A queued on-demand run, and the owner's dashboard read while another instance writes <paramref name="write"/> (of the
    /// run's id) just before the chart's read, the last of the page's reads before the run's progress.
    /// </summary>
    private async Task<(int RunId, TwigSession.Page Page)> DashboardReadBesideAsync(Func<int, string> write)
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 10, seats: 500);
        var runId = (await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand))).RunId!.Value;
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        Fixture.Services.GetRequiredService<CommandInterleave>().Arm(
            command => command.CommandText.Contains("FROM \"SyncRuns\"", StringComparison.Ordinal)
                       && command.CommandText.Contains("\"RequestedAt\" >=", StringComparison.Ordinal),
            write(runId));
        return (runId, await owner.GetPageAsync("/district"));
    }

    [Fact]
    public async Task Progress_of_another_districts_run_is_not_found()
    {
        var (theirs, _) = await Fixture.ConnectedDistrictAsync(students: 10);
        var run = await Fixture.SendAsync(new RequestSync.Command(theirs.Id, SyncTrigger.OnDemand));
        var mine = await Fixture.InsertDistrictAsync("mine");
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, mine.Id);

        var response = await owner.GetAsync($"/district?handler=Progress&run={run.RunId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_district_not_on_clever_gets_the_users_csv_checklist_and_no_sync_now()
    {
        var district = await Fixture.InsertDistrictAsync("csvonly", seats: 10);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var page = await owner.GetPageAsync("/district");

        Assert.Contains("Getting started with users.csv", page.Html);
        Assert.Contains("/district/import?handler=Template", page.Html);
        Assert.Contains("href=\"/login/csvonly\"", page.Html);
        Assert.Contains("data-testid=\"csv-roster\"", page.Html);
        Assert.DoesNotContain(">Sync now</button>", page.Html);
        Assert.DoesNotContain("Clever connection:", page.Html); // not on Clever: no Clever panel to puzzle over
        Assert.DoesNotContain($"<a class=\"nav-link\" href=\"/districts/{district.Id}/sync\">Sync</a>", page.Html); // nor a Sync menu
        var posted = await owner.SubmitFormAsync("/district", new Dictionary<string, string>(), "/district?handler=Sync");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("The district is not connected to Twig in Clever.", (await owner.GetPageAsync("/district")).Html);
        Assert.Equal(0, await Fixture.CountAsync<SyncRun>());
    }

    [Fact]
    public async Task The_clever_checklist_follows_approval_and_the_first_sync_with_the_licence_numbers()
    {
        var clever = Fixture.NewSandboxDistrict(students: 30);
        var district = await Fixture.InsertDistrictAsync("pending", seats: 250);
        await Fixture.SendAsync(new Features.CleverSync.Connections.DiscoverConnections.Command());
        var connection = await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.SingleAsync(c => c.CleverDistrictId == clever.Id));
        await Fixture.ExecuteDbContextAsync(db => db.CleverConnections.Where(c => c.Id == connection.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.DistrictId, district.Id)));
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var pending = await owner.GetPageAsync("/district");
        Assert.Contains("Getting started with Clever", pending.Html);
        Assert.Contains("at most 250 students are shared", pending.Html);
        Assert.Matches("Twig approves the connection</strong> <span class=\"badge [^\"]+\">Pending<", pending.Html);
        Assert.Contains("Twig has not approved your Clever connection yet.", pending.Html);

        await Fixture.SendAsync(new Features.CleverSync.Connections.ApproveConnection.Command { ConnectionId = connection.Id, DistrictSlug = district.Slug, RunInitialSync = true, ConfirmedSlug = district.Slug });
        await Fixture.ProcessQueueAsync(district.Id);
        var steps = await Fixture.SendAsync(new Onboarding.Query(district.Id));

        Assert.Equal([Onboarding.StepState.Done, Onboarding.StepState.Done, Onboarding.StepState.Done, Onboarding.StepState.Done, Onboarding.StepState.ToDo],
            steps.Select(s => s.State));
        var people = await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id));
        Assert.Contains($"{people} people", steps[3].Detail);

        // A Clever district is offered no upload: the dashboard has no upload link, the upload page says why instead of a form.
        var connected = await owner.GetPageAsync("/district");
        Assert.Contains("Clever connection:", connected.Html);
        Assert.Contains($"<a class=\"nav-link\" href=\"/districts/{district.Id}/sync\">Sync</a>", connected.Html);
        Assert.DoesNotContain(">Upload users.csv</a>", connected.Html);
        var upload = await owner.GetPageAsync("/district/import");
        Assert.Contains("data-testid=\"refusal\"", upload.Html);
        Assert.Contains("sources never mix", upload.Html);
        Assert.DoesNotContain("type=\"file\"", upload.Html);
    }

    [Fact]
    public async Task A_held_run_shows_a_banner_linking_to_its_review()
    {
        var district = await Fixture.InsertDistrictAsync("held");
        var run = new SyncRun
        {
            DistrictId = district.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = DateTime.UtcNow.AddHours(-2),
            Status = SyncRunStatus.HeldForReview, Phase = SyncPhase.Done, FinishedAt = DateTime.UtcNow.AddHours(-2), Message = "Held for review: 40 of 100.",
        };
        await Fixture.InsertAsync(run);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var page = await owner.GetPageAsync("/district");

        Assert.Contains("data-testid=\"held-banner\"", page.Html);
        Assert.Contains($"href=\"/districts/{district.Id}/sync/runs/{run.Id}/review\"", page.Html);
    }

    [Fact]
    public async Task The_chart_summary_says_one_of_each_in_the_singular()
    {
        var district = await Fixture.InsertDistrictAsync("single", seats: 1);
        var person = People.New(district.Id, PersonRoles.Student | PersonRoles.Teacher);
        person.CreatedAt = DateTime.UtcNow.AddDays(-3);
        var run = new SyncRun
        {
            DistrictId = district.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = DateTime.UtcNow.AddHours(-2),
            Status = SyncRunStatus.SucceededWithWarnings, Phase = SyncPhase.Done, FinishedAt = DateTime.UtcNow.AddHours(-2),
        };
        await Fixture.InsertAsync(person);
        await Fixture.InsertAsync(run);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        var page = await owner.GetPageAsync("/district");

        Assert.Contains("1 active student and 1 active teacher today; 1 licensed seat; 1 sync run (1 succeeded with warnings).", page.Html);
        Assert.Contains(": 1 active student, 1 active teacher</title>", page.Html);
    }

    [Fact]
    public async Task The_chart_rebuilds_daily_counts_and_draws_the_licence_line()
    {
        var district = await Fixture.InsertDistrictAsync("chart", seats: 5);
        var old = People.New(district.Id, PersonRoles.Student);
        old.CreatedAt = DateTime.UtcNow.AddDays(-200);
        var gone = People.New(district.Id, PersonRoles.Student, active: false);
        gone.CreatedAt = DateTime.UtcNow.AddDays(-100);
        gone.DeactivatedAt = DateTime.UtcNow.AddDays(-10);
        var recent = People.New(district.Id, PersonRoles.Student | PersonRoles.Teacher);
        recent.CreatedAt = DateTime.UtcNow.AddDays(-3);
        await Fixture.InsertAsync(old, gone, recent);

        var chart = await Fixture.SendAsync(new DistrictActivity.Query(district.Id));

        Assert.Equal(DistrictActivity.Days, chart.Series.Count);
        Assert.Equal((2, 0), (chart.Series[0].Students, chart.Series[0].Teachers));
        Assert.Equal(1, chart.Series[^5].Students);
        Assert.Equal((2, 1), (chart.Series[^1].Students, chart.Series[^1].Teachers));
        Assert.Equal(5, chart.Seats);
    }

    private static async Task<JsonElement> Json(TwigSession session, string url)
    {
        var response = await session.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
