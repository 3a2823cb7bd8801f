using System.Net;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Events;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync.Events;

/// <summary>The per-district events mode: the support admin's switch, the run list's mode column, the bookmark and the mode choice.</summary>
public sealed class EventsModeTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public async Task A_support_admin_turns_events_mode_on_and_the_run_list_shows_each_runs_mode()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60);
        var history = $"/districts/{district.Id}/sync";
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            db.SyncRuns.Add(new SyncRun
            {
                DistrictId = district.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = DateTime.UtcNow.AddDays(-1),
                Status = SyncRunStatus.Succeeded, Mode = SyncMode.Events
            });
            db.SyncRuns.Add(new SyncRun
            {
                DistrictId = district.Id, Trigger = SyncTrigger.Nightly, RequestedBy = "nightly schedule", RequestedAt = DateTime.UtcNow,
                Status = SyncRunStatus.Succeeded, Mode = SyncMode.Full, ModeReason = "Weekly reconciliation (Sunday night): a full sync checks what events applied."
            });
            await db.SaveChangesAsync();
        });

        using var owner = await Fixture.SignedInSessionAsync(TwigRoles.DistrictOwner, district.Id);
        var ownerView = await owner.GetPageAsync(history);
        Assert.Contains("Full (every sync reads", ownerView.Html);
        Assert.DoesNotContain("Turn events mode on", ownerView.Html);
        var refused = await owner.SubmitFormAsync(history, new Dictionary<string, string> { ["on"] = "true" }, action: $"{history}?handler=EventsMode");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var admin = await Fixture.SignedInSessionAsync(TwigRoles.SupportAdmin);
        Assert.Contains("Only once Clever confirms events are enabled for Twig.", (await admin.GetPageAsync(history)).Html);
        var turned = await admin.SubmitFormAsync(history, new Dictionary<string, string> { ["on"] = "true" }, action: $"{history}?handler=EventsMode");
        Assert.Equal(HttpStatusCode.Redirect, turned.StatusCode);
        var page = await admin.GetPageAsync(history);
        Assert.Contains("Events mode is on", page.Html);
        Assert.Contains("Events (nightly syncs read", page.Html);
        Assert.Contains("Turn events mode off", page.Html);
        // The hint is about turning events mode on: turning it off needs nothing from Clever.
        Assert.DoesNotContain("Only once Clever confirms", page.Html);
        Assert.Matches("data-testid=\"run-mode\"[^>]*>Events<", page.Html);
        Assert.Matches("data-testid=\"run-mode\" title=\"Weekly reconciliation[^\"]*\">Full \\*<", page.Html);
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id).Select(d => d.CleverEventsMode).SingleAsync()));
        Assert.True(await Fixture.ExecuteDbContextAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "clever.events-mode.on" && a.DistrictId == district.Id)));
    }

    [Fact]
    public async Task The_bookmark_is_stored_by_the_transaction_that_commits_and_events_continue_from_it()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 120);
        clever.Changes.UpdateNames("student", 5);
        // Clever's bootstrap: the newest event id before the full sync reads anything.
        var newest = await Fixture.ExecuteScopeAsync(sp => sp.GetRequiredService<CleverEventsClient>().NewestEventIdAsync(clever.Token, CancellationToken.None));
        Assert.NotNull(newest);

        await Fixture.ExecuteDbContextAsync(db => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            await EventsCursor.StoreAsync(db, district.Id, newest, DateTime.UtcNow, CancellationToken.None);
            await rolledBack.RollbackAsync();
        }));
        Assert.Equal(new EventsBookmark(null, null), await Fixture.ExecuteDbContextAsync(db => EventsCursor.ReadAsync(db, district.Id, CancellationToken.None)));

        var at = DateTime.UtcNow;
        await Fixture.ExecuteDbContextAsync(db => db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var applied = await db.Database.BeginTransactionAsync();
            await EventsCursor.StoreAsync(db, district.Id, newest, at, CancellationToken.None);
            await applied.CommitAsync();
        }));
        var bookmark = await Fixture.ExecuteDbContextAsync(db => EventsCursor.ReadAsync(db, district.Id, CancellationToken.None));
        Assert.Equal(newest, bookmark.LastEventId);

        clever.Changes.UpdateEmails("teacher", 20);
        var night = await Fixture.ExecuteScopeAsync(sp => EventFold.FoldAsync(
            sp.GetRequiredService<CleverEventsClient>().EventsAfterAsync(clever.Token, bookmark.LastEventId, null, CancellationToken.None), CancellationToken.None));
        Assert.Equal(clever.Events.All().Count(e => string.CompareOrdinal(e.Id, newest) > 0), night.EventsRead);
        Assert.All(night.Users.Values, u => Assert.NotNull(u.Last.Roles?.Teacher));
    }

    [Fact]
    public async Task The_last_full_sync_is_the_last_successful_full_run()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync(students: 60);
        var full = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            db.SyncRuns.AddRange(
                new SyncRun { DistrictId = district.Id, RequestedBy = "t", RequestedAt = full, FinishedAt = full, Status = SyncRunStatus.Succeeded, Mode = SyncMode.Full },
                new SyncRun { DistrictId = district.Id, RequestedBy = "t", RequestedAt = full, FinishedAt = full.AddDays(1), Status = SyncRunStatus.Succeeded, Mode = SyncMode.Events },
                new SyncRun { DistrictId = district.Id, RequestedBy = "t", RequestedAt = full, FinishedAt = full.AddDays(2), Status = SyncRunStatus.Failed, Mode = SyncMode.Full });
            await db.SaveChangesAsync();
        });
        Assert.Equal(full, await Fixture.ExecuteDbContextAsync(db => EventsCursor.LastFullSyncAsync(db, district.Id, CancellationToken.None)));
    }

    [Fact]
    public void Events_are_read_only_with_a_usable_bookmark_and_a_full_sync_reconciles_weekly()
    {
        var settings = new EventsSettings();
        // Wednesday 2026-12-02, 00:00 Pacific = 08:00 UTC.
        var wednesday = new DateTime(2026, 12, 2, 8, 0, 0, DateTimeKind.Utc);
        var bookmark = new EventsBookmark("6553f10000000000000000a1", wednesday.AddDays(-1));

        Assert.Equal(ModeChoice.Full(null), EventsCursor.Choose(false, bookmark, wednesday.AddDays(-1), SyncTrigger.Nightly, wednesday, Pacific, settings));
        Assert.Equal(ModeChoice.Events, EventsCursor.Choose(true, bookmark, wednesday.AddDays(-3), SyncTrigger.Nightly, wednesday, Pacific, settings));
        Assert.Equal(ModeChoice.Events, EventsCursor.Choose(true, bookmark, wednesday.AddDays(-3), SyncTrigger.OnDemand, wednesday, Pacific, settings));

        var first = EventsCursor.Choose(true, new EventsBookmark(null, null), null, SyncTrigger.Nightly, wednesday, Pacific, settings);
        Assert.Equal(SyncMode.Full, first.Mode);
        Assert.Contains("starts with a full sync", first.Reason);

        var stale = EventsCursor.Choose(true, new EventsBookmark(null, wednesday.AddDays(-31)), wednesday.AddDays(-3), SyncTrigger.Nightly, wednesday, Pacific, settings);
        Assert.Contains("30-day", stale.Reason);

        var weekOld = EventsCursor.Choose(true, bookmark, wednesday.AddDays(-7), SyncTrigger.OnDemand, wednesday, Pacific, settings);
        Assert.Equal(SyncMode.Full, weekOld.Mode);
        Assert.Contains("Weekly reconciliation", weekOld.Reason);

        var sunday = new DateTime(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);
        var sundayNight = EventsCursor.Choose(true, bookmark, sunday.AddDays(-2), SyncTrigger.Nightly, sunday, Pacific, settings);
        Assert.Equal(SyncMode.Full, sundayNight.Mode);
        Assert.Contains("Sunday night", sundayNight.Reason);
        // On demand on a Sunday, or a second Sunday run after the reconciliation, reads events.
        Assert.Equal(ModeChoice.Events, EventsCursor.Choose(true, bookmark, sunday.AddDays(-2), SyncTrigger.OnDemand, sunday, Pacific, settings));
        Assert.Equal(ModeChoice.Events, EventsCursor.Choose(true, bookmark, sunday.AddHours(1), SyncTrigger.Retry, sunday.AddHours(2), Pacific, settings));
    }
}
