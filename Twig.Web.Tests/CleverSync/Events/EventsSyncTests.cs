using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Twig.Sandbox;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync.Events;

/// <summary>
/// Events mode end to end, through the sandbox's Events API and the real run: each overnight change applied from events
/// leaves the roster a full sync would (the weekly reconciliation after it finds nothing to change, the oracle agrees),
/// every reason to fall back to a full sync is on the run, and a dropped event is reported as reconciliation drift.
/// </summary>
public sealed class EventsSyncTests(SliceFixture fixture) : SliceTest(fixture)
{
    /// <summary>A connected district in events mode after its first full sync (which noted where Clever's events start).</summary>
    private async Task<(District District, SandboxDistrict Clever)> EventsDistrictAsync(int students = 120, int thresholdPercent = 100,
        int? teachers = null)
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: students, schools: 3, thresholdPercent: thresholdPercent,
            teachers: teachers);
        await Fixture.SendAsync(new SetEventsMode.Command(district.Id, true));
        var first = await NextRunAsync(district.Id);
        Assert.True(first.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, first.Message);
        Assert.Equal(SyncMode.Full, first.Mode);
        Assert.Contains("starts with a full sync", first.ModeReason);
        Assert.NotNull((await BookmarkAsync(district.Id)).StoredAt);
        return (district, clever);
    }

    private async Task<SyncRun> NextRunAsync(int districtId)
    {
        await Fixture.ForgetOnDemandRunsAsync(districtId);
        return await Fixture.SyncAsync(districtId);
    }

    /// <summary>The weekly reconciliation: the last full sync is made older than Sync:Events:FullSyncEvery, so the next run is a full one.</summary>
    private async Task<SyncRun> ReconcileAsync(int districtId)
    {
        await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.DistrictId == districtId && r.Mode == SyncMode.Full)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.FinishedAt, r => r.FinishedAt!.Value.AddDays(-8))));
        var run = await NextRunAsync(districtId);
        Assert.Equal(SyncMode.Full, run.Mode);
        Assert.Contains("Weekly reconciliation", run.ModeReason);
        return run;
    }

    private Task<EventsBookmark> BookmarkAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(db => EventsCursor.ReadAsync(db, districtId, CancellationToken.None));

    private static void AssertWroteNothing(SyncRun run)
    {
        foreach (var count in run.Counts)
            Assert.True(count is { Created: 0, Updated: 0, Deactivated: 0, Reactivated: 0 },
                $"{count.EntityType}: {count.Created} created, {count.Updated} updated, {count.Deactivated} deactivated, {count.Reactivated} reactivated ({run.Message})");
        Assert.DoesNotContain(run.Issues, i => i.Field == SyncIssue.ReconciliationDriftField);
    }

    /// <summary>Twig's active Clever people are exactly the people the sandbox shares, and so are their enrollments.</summary>
    private async Task AssertRosterMatchesOracleAsync(int districtId, SandboxDistrict clever)
    {
        var twig = await Fixture.TwigPeopleAsync(districtId);
        var active = twig.Where(p => p.Value).Select(p => p.Key).Order(StringComparer.Ordinal);
        Assert.Equal(RosterOracle.People(clever).Keys.Order(StringComparer.Ordinal), active);
        Assert.Equal(RosterOracle.Enrollments(clever), await Fixture.TwigEnrollmentsAsync(districtId, clever));
    }

    [Theory]
    [InlineData("add-students")]
    [InlineData("add-teachers")]
    [InlineData("rename-teachers")]
    [InlineData("emails")]
    [InlineData("roles")]
    [InlineData("move")]
    [InlineData("remove-students")]
    [InlineData("remove-teachers")]
    [InlineData("remove-sections")]
    [InlineData("remove-school")]
    [InlineData("stretch")]
    [InlineData("restore")]
    public async Task Each_overnight_change_applied_from_events_leaves_the_roster_a_full_sync_would(string change)
    {
        var (district, clever) = await EventsDistrictAsync();
        if (change == "restore")
        {
            clever.Changes.RemovePercent("student", 5);
            Assert.Equal(SyncMode.Events, (await NextRunAsync(district.Id)).Mode);
        }
        var before = RosterOracle.People(clever);
        switch (change)
        {
            case "add-students": clever.Changes.AddStudents(5); break;
            case "add-teachers": clever.Changes.AddTeachers(20); break;
            case "rename-teachers": clever.Changes.UpdateNames("teacher", 30); break;
            case "emails": clever.Changes.UpdateEmails("student", 10); break;
            case "roles": clever.Changes.ChangeRoles("teacher", 30); break;
            case "move": clever.Changes.MoveStudents(6); break;
            case "remove-students": clever.Changes.RemovePercent("student", 5); break;
            case "remove-teachers": clever.Changes.RemovePercent("teacher", 20); break;
            case "remove-sections": clever.Changes.RemovePercent("section", 10); break;
            case "remove-school": clever.Changes.RemoveSchool(clever.Roster.Schools().Last().Id); break;
            case "stretch": clever.Changes.StretchFields("student"); break;
            case "restore": clever.Changes.RestoreRemoved(); break;
        }
        var (created, updated, removed) = RosterOracle.Diff(before, RosterOracle.People(clever));

        var night = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Events, night.Mode);
        Assert.Null(night.ModeReason);
        Assert.True(night.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, night.Message);
        var people = night.Count(RosterEntityType.Person);
        Assert.Equal(created, people.Created + (change == "restore" ? people.Reactivated : 0));
        Assert.Equal(removed, people.Deactivated);
        Assert.True(people.Updated >= updated, $"{people.Updated} updated, the oracle saw {updated} change");
        Assert.Equal(clever.Events.All()[^1].Id, (await BookmarkAsync(district.Id)).LastEventId);
        await AssertRosterMatchesOracleAsync(district.Id, clever);

        var full = await ReconcileAsync(district.Id);

        AssertWroteNothing(full);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task Several_nights_of_events_then_the_reconciliation_finds_nothing_to_change()
    {
        var (district, clever) = await EventsDistrictAsync(students: 200);
        clever.Changes.AddStudents(3);
        clever.Changes.UpdateNames("student", 4);
        Assert.Equal(SyncMode.Events, (await NextRunAsync(district.Id)).Mode);
        var quiet = await NextRunAsync(district.Id);
        Assert.Equal(SyncMode.Events, quiet.Mode);
        Assert.Equal("Nothing changed in Clever since the last sync.", quiet.Message);
        clever.Changes.MoveStudents(4);
        clever.Changes.RemovePercent("student", 3);
        clever.Changes.ChangeRoles("teacher", 20);
        Assert.Equal(SyncMode.Events, (await NextRunAsync(district.Id)).Mode);

        AssertWroteNothing(await ReconcileAsync(district.Id));
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task The_reconciliation_applies_the_nights_changes_without_calling_them_drift()
    {
        var (district, clever) = await EventsDistrictAsync();
        clever.Changes.UpdateEmails("student", 10);
        Assert.Equal(SyncMode.Events, (await NextRunAsync(district.Id)).Mode);
        var before = RosterOracle.People(clever);
        clever.Changes.UpdateNames("teacher", 30);
        var (_, updated, _) = RosterOracle.Diff(before, RosterOracle.People(clever));

        var full = await ReconcileAsync(district.Id);

        Assert.Equal(updated, full.Count(RosterEntityType.Person).Updated);
        Assert.DoesNotContain(full.Issues, i => i.Field == SyncIssue.ReconciliationDriftField);
        Assert.Equal(clever.Events.All()[^1].Id, (await BookmarkAsync(district.Id)).LastEventId);
        Assert.Equal(SyncMode.Events, (await NextRunAsync(district.Id)).Mode);
    }

    [Fact]
    public async Task A_dropped_event_is_found_by_the_reconciliation_as_drift_and_shown_to_support()
    {
        var (district, clever) = await EventsDistrictAsync();
        clever.Faults.DropEvents(1);
        var before = RosterOracle.People(clever);
        clever.Changes.UpdateNames("student", 5);
        var (_, updated, _) = RosterOracle.Diff(before, RosterOracle.People(clever));
        Assert.Equal(1, clever.Events.Dropped);

        var night = await NextRunAsync(district.Id);
        Assert.Equal(SyncMode.Events, night.Mode);
        Assert.Equal(updated - 1, night.Count(RosterEntityType.Person).Updated);

        var full = await ReconcileAsync(district.Id);

        Assert.Equal(1, full.Count(RosterEntityType.Person).Updated);
        Assert.Equal(SyncRunStatus.SucceededWithWarnings, full.Status);
        var drift = Assert.Single(full.Issues, i => i.Field == SyncIssue.ReconciliationDriftField);
        Assert.Equal(RosterEntityType.Person, drift.EntityType);
        Assert.Contains("found 1 people", drift.Message);
        Assert.Contains("(0 added, 1 changed or reactivated, 0 deactivated)", drift.Message);
        await AssertRosterMatchesOracleAsync(district.Id, clever);

        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        var details = await admin.GetPageAsync($"/districts/{district.Id}/sync/runs/{full.Id}");
        Assert.Contains("data-testid=\"reconciliation-drift\"", details.Html);
        Assert.Contains("(0 added, 1 changed or reactivated, 0 deactivated)", details.Html);
        var console = await admin.GetPageAsync($"/support/districts/{district.Id}");
        Assert.Contains("data-testid=\"reconciliation-drift\"", console.Html);
        Assert.Contains($"run #{full.Id}", console.Html);
    }

    [Fact]
    public async Task A_new_primary_teacher_from_events_moves_the_mark_and_the_reconciliation_finds_nothing_to_change()
    {
        // Several teachers a school, so some sections have co-teachers.
        var (district, clever) = await EventsDistrictAsync(students: 200, teachers: 30);
        var swapped = clever.Changes.SwapPrimaryTeachers(4);
        Assert.True(swapped > 0, "the district has no co-taught section");

        var night = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Events, night.Mode);
        // Each section's old and new lead teacher: a section whose primary changed is compared in full, not as a delta.
        Assert.Equal(2 * swapped, night.Count(RosterEntityType.Enrollment).Updated);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
        AssertWroteNothing(await ReconcileAsync(district.Id));
    }

    [Fact]
    public async Task Primary_teacher_marks_the_reconciliation_brings_to_sections_synced_before_twig_kept_them_are_not_drift()
    {
        var (district, clever) = await EventsDistrictAsync();
        // As an older Twig left them: no marks, and membership hashes that no longer match.
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.Enrollments.Where(e => e.DistrictId == district.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.IsPrimary, false));
            await db.Sections.Where(s => s.DistrictId == district.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.MembershipHash, (long?)null));
        });
        var night = await NextRunAsync(district.Id);
        Assert.Equal(SyncMode.Events, night.Mode);

        var full = await ReconcileAsync(district.Id);

        Assert.True(full.Count(RosterEntityType.Enrollment).Updated > 0);
        Assert.DoesNotContain(full.Issues, i => i.Field == SyncIssue.ReconciliationDriftField);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task Events_not_enabled_falls_back_to_a_full_sync_with_the_reason_on_the_run()
    {
        var (district, clever) = await EventsDistrictAsync();
        clever.Changes.AddStudents(5);
        clever.Faults.DisableEvents();

        var run = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Full, run.Mode);
        Assert.Contains("not enabled", run.ModeReason);
        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        Assert.True(run.Count(RosterEntityType.Person).Created > 0);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task An_expired_bookmark_falls_back_and_the_full_sync_notes_a_new_one()
    {
        var (district, clever) = await EventsDistrictAsync();
        var old = DateTimeOffset.UtcNow.AddDays(-31).ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture) + "0000000000000001";
        await StoreBookmarkAsync(district.Id, old);
        clever.Changes.UpdateNames("student", 5);

        var run = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Full, run.Mode);
        Assert.Contains("30-day", run.ModeReason);
        Assert.Equal(clever.Events.All()[^1].Id, (await BookmarkAsync(district.Id)).LastEventId);
        clever.Changes.UpdateEmails("student", 5);
        Assert.Equal(SyncMode.Events, (await NextRunAsync(district.Id)).Mode);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task A_bookmark_clever_no_longer_knows_falls_back_to_a_full_sync()
    {
        var (district, clever) = await EventsDistrictAsync();
        clever.Changes.AddStudents(2);
        // Inside the window but never served: the feed has a gap where Twig's bookmark was.
        var unknown = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds().ToString("x8", CultureInfo.InvariantCulture) + "ffffffffffffff01";
        await StoreBookmarkAsync(district.Id, unknown);

        var run = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Full, run.Mode);
        Assert.Contains("no longer knows", run.ModeReason);
        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task A_failed_events_fetch_falls_back_to_a_full_sync()
    {
        var (district, clever) = await EventsDistrictAsync();
        Assert.Null((await BookmarkAsync(district.Id)).LastEventId); // no event yet: the night's first page has no cursor
        clever.Changes.AddStudents(3);
        clever.Faults.Fail(503, onPage: 1, collection: "events", times: 100);

        var run = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Full, run.Mode);
        Assert.Contains("Events could not be used", run.ModeReason);
        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task An_event_that_cannot_be_read_falls_back_to_a_full_sync_that_brings_its_change()
    {
        var (district, clever) = await EventsDistrictAsync();
        clever.Faults.MangleEvents(1);
        clever.Changes.UpdateNames("student", 3);

        var run = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Full, run.Mode);
        Assert.Contains("Clever sent 1 event of schools, users or sections that could not be read.", run.ModeReason);
        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, run.Message);
        Assert.True(run.Count(RosterEntityType.Person).Updated >= 3, run.Message); // the unreadable event's renamed student too
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task Events_of_a_type_twig_does_not_read_are_skipped_and_named_on_the_run()
    {
        var (district, clever) = await EventsDistrictAsync();
        clever.Events.RecordOther("users.merged", new System.Text.Json.Nodes.JsonObject { ["id"] = "u-merged" }, DateTimeOffset.UtcNow);
        clever.Changes.UpdateNames("student", 2);

        var run = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Events, run.Mode);
        Assert.Equal(SyncRunStatus.SucceededWithWarnings, run.Status);
        Assert.Contains(run.Issues, i => i.Field == "event type"
            && i.Message == "Clever sent 1 event of type \"users.merged\", which Twig does not read; skipped.");
        Assert.Equal(2, run.Count(RosterEntityType.Person).Updated);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task Events_mode_holds_a_night_over_the_threshold_and_applies_it_once_approved()
    {
        var (district, clever) = await EventsDistrictAsync(students: 200, thresholdPercent: 10);
        var before = RosterOracle.People(clever);
        clever.Changes.RemovePercent("student", 20);
        var (_, _, removed) = RosterOracle.Diff(before, RosterOracle.People(clever));

        var held = await NextRunAsync(district.Id);

        Assert.Equal(SyncMode.Events, held.Mode);
        Assert.Equal(SyncRunStatus.HeldForReview, held.Status);
        Assert.All((await Fixture.TwigPeopleAsync(district.Id)).Values, Assert.True);
        var bookmark = await BookmarkAsync(district.Id);
        Assert.NotEqual(clever.Events.All()[^1].Id, bookmark.LastEventId);
        Assert.Equal(removed, await Fixture.ExecuteDbContextAsync(db =>
            db.HeldDeactivations.CountAsync(h => h.SyncRunId == held.Id && h.EntityType == RosterEntityType.Person)));

        var decision = await Fixture.SendAsync(new ReviewHeldRun.Command(district.Id, held.Id, Approve: true));
        await Fixture.ProcessQueueAsync(district.Id);
        var followUp = await Fixture.RunAsync(decision.FollowUpRunId!.Value);

        Assert.Equal(SyncMode.Events, followUp.Mode);
        Assert.True(followUp.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, followUp.Message);
        Assert.Equal(removed, followUp.Count(RosterEntityType.Person).Deactivated);
        Assert.Equal(clever.Events.All()[^1].Id, (await BookmarkAsync(district.Id)).LastEventId);
        await AssertRosterMatchesOracleAsync(district.Id, clever);
    }

    [Fact]
    public async Task The_run_list_and_details_show_each_runs_mode_and_why_a_full_sync_ran()
    {
        var (district, clever) = await EventsDistrictAsync();
        clever.Changes.AddStudents(2);
        var events = await NextRunAsync(district.Id);
        Assert.Equal(SyncMode.Events, events.Mode);

        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var list = await owner.GetPageAsync($"/districts/{district.Id}/sync");
        Assert.Matches("data-testid=\"run-mode\"[^>]*>Events<", list.Html);
        Assert.Matches("data-testid=\"run-mode\" title=\"Events mode starts with a full sync[^\"]*\">Full \\*<", list.Html);
        var details = await owner.GetPageAsync($"/districts/{district.Id}/sync/runs/{events.Id}");
        Assert.Contains("Events (only what changed since the last run)", details.Html);
    }

    private Task StoreBookmarkAsync(int districtId, string eventId) =>
        Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == districtId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.CleverLastEventId, eventId).SetProperty(d => d.CleverEventsCursorAt, DateTime.UtcNow)));

    [Fact]
    public async Task A_401_in_events_mode_does_not_guess_why_on_the_mode_line_the_run_message_says_what_clever_answered()
    {
        var (district, clever) = await EventsDistrictAsync(students: 40);
        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        clever.Faults.Revoke();

        var run = await NextRunAsync(district.Id);

        Assert.Equal(SyncRunStatus.Failed, run.Status);
        Assert.Contains("Clever still lists Twig's connection with the same token", run.Message);
        var page = await owner.GetPageAsync($"/districts/{district.Id}/sync/runs/{run.Id}");
        var mode = page.TextOf("run-mode", "dd");
        Assert.Contains("Events could not be used: Clever refused the district's token (401).", mode);
        Assert.DoesNotContain("revoked", mode);
        Assert.DoesNotContain("rotated", mode);
    }
}
