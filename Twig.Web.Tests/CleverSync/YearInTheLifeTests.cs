using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Twig.Sandbox;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// A district through a school year on an app of its own with a fake clock: initial sync → nightly syncs → a 401 →
/// re-check → continued syncs → a summer pause → an empty roster at rollover, held → approved after the pause →
/// next year's roster. People counts are checked against what the sandbox shares at every step.
/// </summary>
public sealed class YearInTheLifeTests
{
    private static async Task<T> WithAppAsync<T>(DateTimeOffset start, Func<SliceFixture, FakeTimeProvider, Task<T>> body)
    {
        var clock = new FakeTimeProvider(start);
        var fixture = new SliceFixture(
            new Dictionary<string, string?> { ["Sync:RolloverWindowStart"] = "06-01", ["Sync:RolloverWindowEnd"] = "09-15" },
            services => services.AddSingleton<TimeProvider>(clock));
        await fixture.InitializeAsync();
        try
        {
            return await body(fixture, clock);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    /// <summary>The district's one owner account, signed in afresh (a session lasts 8 hours; the clock jumps further).</summary>
    private static async Task<TwigSession> OwnerAsync(SliceFixture fixture, int districtId)
    {
        var email = $"owner-{districtId}@year.twig";
        if (!await fixture.ExecuteDbContextAsync(db => db.Users.AnyAsync(u => u.Email == email)))
            await fixture.CreateAsync(TwigRoles.DistrictOwner, districtId, email);
        var session = fixture.CreateSession();
        await session.SignInAsync(email, Accounts.Password);
        return session;
    }

    private static Task<int> ActivePeopleAsync(SliceFixture fixture, int districtId) =>
        fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == districtId && p.IsActive));

    /// <summary>Midnight: the nightly job queues (or skips) the district, and the worker runs what was queued.</summary>
    private static async Task<SyncRun> NightAsync(SliceFixture fixture, FakeTimeProvider clock, int districtId)
    {
        clock.Advance(TimeSpan.FromDays(1));
        await fixture.SendAsync(new NightlySync.Command());
        await fixture.ProcessQueueAsync(districtId);
        var id = await fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.DistrictId == districtId && r.Trigger == SyncTrigger.Nightly).MaxAsync(r => r.Id));
        return await fixture.RunAsync(id);
    }

    private static async Task<SyncRun> LatestRunAsync(SliceFixture fixture, int districtId)
    {
        var id = await fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.DistrictId == districtId).MaxAsync(r => r.Id));
        return await fixture.RunAsync(id);
    }

    private static async Task AssertInStepAsync(SliceFixture fixture, SandboxDistrict clever, int districtId, SyncRun run)
    {
        Assert.True(run.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, $"{run.Status}: {run.Message}");
        Assert.Equal(RosterOracle.People(clever).Count, await ActivePeopleAsync(fixture, districtId));
    }

    [Fact]
    public Task A_district_lives_through_a_school_year() => WithAppAsync(new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero), async (fixture, clock) =>
    {
        // January: connected and the initial sync.
        var (district, clever) = await fixture.ConnectedDistrictAsync(students: 60);
        var initial = await fixture.SyncAsync(district.Id, SyncTrigger.Initial);
        await AssertInStepAsync(fixture, clever, district.Id, initial);
        var people = RosterOracle.People(clever).Count;
        Assert.Equal(people, initial.Count(RosterEntityType.Person).Created);

        // Nightly syncs with ordinary changes.
        // A new student may be a record Clever sends without a name, which Twig skips: the oracle says who Twig keeps.
        var beforeAdding = RosterOracle.People(clever);
        Assert.True(clever.Changes.AddStudents(5) > 0);
        var added = RosterOracle.Diff(beforeAdding, RosterOracle.People(clever)).Created;
        var night1 = await NightAsync(fixture, clock, district.Id);
        await AssertInStepAsync(fixture, clever, district.Id, night1);
        Assert.Equal(added, night1.Count(RosterEntityType.Person).Created);
        Assert.Equal(people + added, await ActivePeopleAsync(fixture, district.Id));

        // Some removed students may be records Clever sends without a name, which Twig skips and never activated.
        var beforeRemoval = RosterOracle.People(clever);
        Assert.True(clever.Changes.RemovePercent("student", 5) > 0);
        var removed = RosterOracle.Diff(beforeRemoval, RosterOracle.People(clever)).Removed;
        var night2 = await NightAsync(fixture, clock, district.Id);
        await AssertInStepAsync(fixture, clever, district.Id, night2);
        Assert.Equal(removed, night2.Count(RosterEntityType.Person).Deactivated);
        var afterNight2 = people + added - removed;
        Assert.Equal(afterNight2, await ActivePeopleAsync(fixture, district.Id));

        // February: Clever refuses the token once (401) but still lists it. The run fails, the district stays connected.
        clock.Advance(TimeSpan.FromDays(30));
        clever.Faults.Revoke();
        var refused = await NightAsync(fixture, clock, district.Id);
        Assert.Equal(SyncRunStatus.Failed, refused.Status);
        Assert.Contains("Clever still lists Twig's connection with the same token", refused.Message);
        Assert.Equal(afterNight2, await ActivePeopleAsync(fixture, district.Id));
        Assert.Equal(CleverConnectionState.Connected, await fixture.ExecuteDbContextAsync(db =>
            db.CleverConnections.Where(c => c.DistrictId == district.Id).Select(c => c.State).SingleAsync()));

        // The token works again: the nightly retry 30 minutes later, then the syncs carry on.
        clever.Faults.Clear();
        clock.Advance(TimeSpan.FromMinutes(31));
        await fixture.ProcessQueueAsync(district.Id);
        var retry = await LatestRunAsync(fixture, district.Id);
        Assert.Equal(SyncTrigger.Retry, retry.Trigger);
        await AssertInStepAsync(fixture, clever, district.Id, retry);
        var more = clever.Changes.AddStudents(3);
        var night3 = await NightAsync(fixture, clock, district.Id);
        await AssertInStepAsync(fixture, clever, district.Id, night3);
        var beforeSummer = afterNight2 + more;
        Assert.Equal(beforeSummer, await ActivePeopleAsync(fixture, district.Id));

        // June: the owner pauses nightly syncs for the summer; nightly runs are skipped with the reason.
        clock.SetUtcNow(new DateTimeOffset(2027, 6, 10, 8, 0, 0, TimeSpan.Zero));
        using (var owner = await OwnerAsync(fixture, district.Id))
        {
            var paused = await owner.SubmitFormAsync("/district",
                new Dictionary<string, string> { ["until"] = "2027-08-20", ["reason"] = "Summer: new roster in August", ["returnUrl"] = "/district" },
                $"/districts/{district.Id}/clever?handler=Pause");
            Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        }
        var skipped = await NightAsync(fixture, clock, district.Id);
        Assert.Equal(SyncRunStatus.Skipped, skipped.Status);
        Assert.Contains("paused until Aug 20, 2027", skipped.Message);
        Assert.Contains("Summer: new roster in August", skipped.Message);
        Assert.Equal(beforeSummer, await ActivePeopleAsync(fixture, district.Id));

        // The district empties its roster in Clever for the rollover; a "Sync now" during the pause is held.
        clever.Changes.EmptyRoster();
        clock.Advance(TimeSpan.FromDays(10));
        int heldId;
        using (var owner = await OwnerAsync(fixture, district.Id))
        {
            await owner.SubmitFormAsync("/district", new Dictionary<string, string>(), "/district?handler=Sync");
            Assert.Contains("Nightly syncs are paused until Aug 20, 2027", (await owner.GetPageAsync("/district")).Html);
            await fixture.ProcessQueueAsync(district.Id);
            var held = await LatestRunAsync(fixture, district.Id);
            Assert.Equal(SyncRunStatus.HeldForReview, held.Status);
            Assert.Equal(beforeSummer, held.Count(RosterEntityType.Person).Deactivated);
            heldId = held.Id;
            var review = await owner.GetPageAsync($"/districts/{district.Id}/sync/runs/{heldId}/review");
            Assert.Contains("This looks like the school-year rollover", review.Html);
            Assert.Contains("Nightly syncs are already paused.", review.Html);
        }
        Assert.Equal(beforeSummer, await ActivePeopleAsync(fixture, district.Id));
        for (var night = 0; night < 3; night++)
            Assert.Equal(SyncRunStatus.Skipped, (await NightAsync(fixture, clock, district.Id)).Status);
        Assert.Equal(beforeSummer, await ActivePeopleAsync(fixture, district.Id));

        // August 21: the pause is over. The owner approves the held run: Clever is still empty, so last year's people are deactivated.
        clock.SetUtcNow(new DateTimeOffset(2027, 8, 21, 8, 0, 0, TimeSpan.Zero));
        using (var owner = await OwnerAsync(fixture, district.Id))
        {
            var review = $"/districts/{district.Id}/sync/runs/{heldId}/review";
            var approved = await owner.SubmitFormAsync(review, new Dictionary<string, string>(), review + "?handler=Approve");
            Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        }
        await fixture.ProcessQueueAsync(district.Id);
        var applied = await LatestRunAsync(fixture, district.Id);
        Assert.True(applied.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, applied.Message);
        Assert.Equal(beforeSummer, applied.Count(RosterEntityType.Person).Deactivated);
        Assert.Equal(0, await ActivePeopleAsync(fixture, district.Id));

        // The next year's roster: returning people come back (reactivated), new students arrive; the nightly sync runs again.
        clever.Changes.RestoreRemoved();
        var beforeNewcomers = RosterOracle.People(clever);
        Assert.True(clever.Changes.AddStudents(10) > 0);
        var newcomers = RosterOracle.Diff(beforeNewcomers, RosterOracle.People(clever)).Created;
        var nextYear = await NightAsync(fixture, clock, district.Id);
        Assert.Equal(SyncTrigger.Nightly, nextYear.Trigger);
        await AssertInStepAsync(fixture, clever, district.Id, nextYear);
        Assert.Equal(newcomers, nextYear.Count(RosterEntityType.Person).Created);
        Assert.Equal(RosterOracle.People(clever).Count - newcomers, nextYear.Count(RosterEntityType.Person).Reactivated);
        return true;
    });

    [Fact]
    public Task A_held_run_emptying_the_roster_inside_the_rollover_window_explains_it_and_offers_to_pause() =>
        WithAppAsync(new DateTimeOffset(2027, 5, 20, 8, 0, 0, TimeSpan.Zero), async (fixture, clock) =>
        {
            var (district, clever) = await fixture.ConnectedDistrictAsync(students: 40);
            await fixture.SyncAsync(district.Id, SyncTrigger.Initial);
            clever.Changes.EmptyRoster();
            var held = await NightAsync(fixture, clock, district.Id);
            Assert.Equal(SyncRunStatus.HeldForReview, held.Status);
            var review = $"/districts/{district.Id}/sync/runs/{held.Id}/review";

            using (var early = await OwnerAsync(fixture, district.Id))
            {
                var before = await early.GetPageAsync(review);
                Assert.Contains("Approve: deactivate these records", before.Html);
                Assert.DoesNotContain("school-year rollover", before.Html); // 21 May: before the window
            }

            // Twelve days on (a fresh sign-in: the earlier session has expired by then).
            clock.SetUtcNow(new DateTimeOffset(2027, 6, 2, 8, 0, 0, TimeSpan.Zero));
            using var owner = await OwnerAsync(fixture, district.Id);
            var inWindow = await owner.GetPageAsync(review);
            Assert.Contains("This looks like the school-year rollover", inWindow.Html);
            Assert.Contains("Pause nightly syncs until Sep 15, 2027", inWindow.Html);
            Assert.Contains("name=\"until\" value=\"2027-09-15\"", inWindow.Html);

            var posted = await owner.SubmitFormAsync(review, new Dictionary<string, string>
            {
                ["until"] = "2027-09-15", ["reason"] = "School-year rollover: the district reloads its roster in Clever", ["returnUrl"] = review,
            }, $"/districts/{district.Id}/clever?handler=Pause");

            Assert.Equal(review, posted.Headers.Location!.OriginalString);
            var after = await owner.GetPageAsync(review);
            Assert.Contains("Nightly syncs are paused until Sep 15, 2027", after.Html);
            Assert.Contains("Nightly syncs are already paused.", after.Html);
            Assert.Equal(new DateOnly(2027, 9, 15), await fixture.ExecuteDbContextAsync(db =>
                db.Districts.Where(d => d.Id == district.Id).Select(d => d.NightlyPausedUntil).SingleAsync()));
            Assert.Equal(SyncRunStatus.Skipped, (await NightAsync(fixture, clock, district.Id)).Status);
            return true;
        });
}
