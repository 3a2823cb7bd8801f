using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.Notifications;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>Pausing nightly syncs until a day, with a reason: from the dashboard and the console, audited, in the digest.</summary>
public sealed class NightlyPauseTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static string Day(int daysFromToday) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> PauseForm(string until, string reason, string returnUrl) =>
        new() { ["until"] = until, ["reason"] = reason, ["returnUrl"] = returnUrl };

    [Fact]
    public async Task The_owner_pauses_on_the_dashboard_nightly_runs_are_skipped_with_the_reason_and_sync_now_says_the_pause_is_on()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 30);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var until = Day(60);
        // The form sends the ISO day; every page reads it as people do.
        var untilRead = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60).ToString("MMM d, yyyy", CultureInfo.GetCultureInfo("en-US"));

        var posted = await owner.SubmitFormAsync("/district", PauseForm(until, "Summer: we reload Clever in August", "/district"),
            $"/districts/{district.Id}/clever?handler=Pause");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var dashboard = await owner.GetPageAsync("/district");
        Assert.Contains($"Nightly syncs are paused until {untilRead} (Summer: we reload Clever in August). Sync now still works.", dashboard.Html);
        Assert.Contains($"Paused until <strong>{untilRead}</strong>", dashboard.Html);
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "sync.paused" && a.DistrictId == district.Id)));

        var nightly = await Fixture.SendAsync(new NightlySync.Command());
        Assert.True(nightly.Skipped >= 1);
        var skipped = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.AsNoTracking().SingleAsync(r => r.DistrictId == district.Id));
        Assert.Equal(SyncRunStatus.Skipped, skipped.Status);
        Assert.Equal(SyncTrigger.Nightly, skipped.Trigger);
        Assert.Contains($"nightly syncs are paused until {untilRead}", skipped.Message);
        Assert.Contains("Summer: we reload Clever in August", skipped.Message);
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));

        var syncNow = await owner.SubmitFormAsync("/district", new Dictionary<string, string>(), "/district?handler=Sync");
        Assert.Equal(HttpStatusCode.Redirect, syncNow.StatusCode);
        var notice = await owner.GetPageAsync("/district");
        Assert.Contains($"Sync started. Its progress is shown below. Nightly syncs are paused until {untilRead}", notice.Html);
        await Fixture.ProcessQueueAsync(district.Id);
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id && p.IsActive)) > 0);

        var digest = await Fixture.SendAsync(new SupportDigest.Query());
        Assert.Contains(digest.Single(a => a.DistrictId == district.Id).Reasons, r => r.Contains($"nightly syncs paused until {untilRead}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_support_admin_pauses_and_ends_the_pause_from_the_console()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 20);
        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var console = $"/support/districts/{district.Id}";

        await admin.SubmitFormAsync(console, PauseForm(Day(30), "District asked: SIS migration", console), $"/districts/{district.Id}/clever?handler=Pause");
        var paused = await admin.GetPageAsync(console);
        Assert.Contains("District asked: SIS migration", paused.Html);
        Assert.Contains("End the pause now", paused.Html);

        await admin.SubmitFormAsync(console, new Dictionary<string, string> { ["returnUrl"] = console }, $"/districts/{district.Id}/clever?handler=Resume");
        var resumed = await admin.GetPageAsync(console);
        Assert.Contains("The pause is over: nightly syncs run again from tonight.", resumed.Html);
        Assert.Contains("data-testid=\"pause-state\">Not paused.", resumed.Html);
        var actions = await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.Where(a => a.DistrictId == district.Id).Select(a => a.Action).ToListAsync());
        Assert.Contains("sync.paused", actions);
        Assert.Contains("sync.resumed", actions);

        var nightly = await Fixture.SendAsync(new NightlySync.Command());
        Assert.True(nightly.Queued >= 1);
    }

    [Fact]
    public async Task A_pause_needs_a_day_after_today_and_a_reason_and_only_managers_may_pause()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 20);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);

        await owner.SubmitFormAsync("/district", PauseForm(Day(0), "", "/district"), $"/districts/{district.Id}/clever?handler=Pause");

        var page = await owner.GetPageAsync("/district");
        Assert.Contains("Nightly syncs were not paused: The day nightly syncs start again must be after today.", page.Html);
        Assert.Contains("Say why nightly syncs are paused", page.Html);
        Assert.Null(await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).Select(d => d.NightlyPausedUntil).SingleAsync()));

        using var support = await Fixture.SignedInSessionAsync(TwigRoles.Support);
        var refused = await support.SubmitFormAsync($"/support/districts/{district.Id}", PauseForm(Day(5), "no", "/support"),
            $"/districts/{district.Id}/clever?handler=Pause");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task While_nightly_syncs_are_paused_the_dashboard_names_no_next_nightly_time()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 20);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        await owner.SubmitFormAsync("/district", PauseForm(Day(14), "Winter break", "/district"), $"/districts/{district.Id}/clever?handler=Pause");

        var page = await owner.GetPageAsync("/district");

        var untilRead = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14).ToString("MMM d, yyyy", CultureInfo.GetCultureInfo("en-US"));
        Assert.Equal($"None: nightly syncs are paused until {untilRead}.", page.TextOf("next-nightly", "dd"));
        Assert.DoesNotContain("next-nightly-district", page.Html);
    }

    [Fact]
    public async Task A_refused_pause_keeps_what_was_typed_and_an_empty_day_gets_one_message()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 20);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var until = Day(20);

        await owner.SubmitFormAsync("/district", PauseForm(until, "   ", "/district"), $"/districts/{district.Id}/clever?handler=Pause");

        var page = await owner.GetPageAsync("/district");
        Assert.Contains("Nightly syncs were not paused: Say why nightly syncs are paused", page.Html);
        Assert.Contains($"name=\"until\" min=\"{Day(1)}\" value=\"{until}\"", page.Html);
        Assert.Contains("value=\"   \"", page.Html);
        // The browser refuses a reason of spaces as it refuses an empty one.
        Assert.Contains("pattern=\".*\\S.*\"", page.Html);

        await owner.SubmitFormAsync("/district", PauseForm("", "Winter break", "/district"), $"/districts/{district.Id}/clever?handler=Pause");

        var again = await owner.GetPageAsync("/district");
        Assert.Equal("Nightly syncs were not paused: Choose the day nightly syncs start again.", again.TextOf("notice", "div"));
        Assert.Contains("value=\"Winter break\"", again.Html);
        Assert.Null(await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).Select(d => d.NightlyPausedUntil).SingleAsync()));
    }
}
