using Coravel.Events.Interfaces;
using Coravel.Scheduling.Schedule;
using Coravel.Scheduling.Schedule.Mutex;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Infrastructure.Scheduling;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

public sealed class NightlyScheduleTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task The_nightly_sync_fires_once_per_pacific_midnight_across_both_dst_changes()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();
        var scheduler = new Scheduler(new InMemoryMutex(), Fixture.Services.GetRequiredService<IServiceScopeFactory>(), new NoEvents());
        Fixture.Services.GetServices<IScheduleContributor>().OfType<CleverSyncSchedule>().Single()
            .Schedule(new TwigSchedule(scheduler, Fixture.Services.GetRequiredService<IServiceScopeFactory>()));
        var pacific = Fixture.Services.GetRequiredService<IOptions<SyncSettings>>().Value.Zone();
        var firings = new List<DateTime>();
        // Queuing a run wakes the (disabled) worker's signal: a cheap way to notice a firing without asking the database every minute.
        var queued = Fixture.Services.GetRequiredService<SyncSignal>();
        while (await queued.WaitAsync(TimeSpan.Zero, CancellationToken.None)) { }

        // Every minute of the three days around each DST change of 2027, and each hour of the rest of the year.
        var springForward = new DateTime(2027, 3, 14, 0, 0, 0, DateTimeKind.Utc);
        var fallBack = new DateTime(2027, 11, 7, 0, 0, 0, DateTimeKind.Utc);
        for (var utc = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc); utc < new DateTime(2028, 1, 1, 0, 0, 0, DateTimeKind.Utc);)
        {
            await scheduler.RunAtAsync(utc);
            if (await queued.WaitAsync(TimeSpan.Zero, CancellationToken.None) && await TakeNightlyRunAsync(district.Id)) firings.Add(utc);
            var nearChange = Math.Abs((utc - springForward).TotalDays) < 1.5 || Math.Abs((utc - fallBack).TotalDays) < 1.5;
            utc = utc.AddMinutes(nearChange ? 1 : 60);
        }

        var localFirings = firings.Select(f => TimeZoneInfo.ConvertTimeFromUtc(f, pacific)).ToList();
        Assert.All(localFirings, local => Assert.Equal(TimeSpan.Zero, local.TimeOfDay));
        Assert.Equal(localFirings.Count, localFirings.Select(l => l.Date).Distinct().Count());
        // Every Pacific day of 2027 had its run (Pacific midnight is 07:00 or 08:00 UTC the same day).
        Assert.Equal(365, localFirings.Count(l => l.Year == 2027));
        Assert.Contains(localFirings, l => l.Date == new DateTime(2027, 3, 14));
        Assert.Contains(localFirings, l => l.Date == new DateTime(2027, 11, 7));
        Assert.Contains(localFirings, l => l.Date == new DateTime(2027, 3, 15));
        Assert.Contains(localFirings, l => l.Date == new DateTime(2027, 11, 8));
    }

    [Fact]
    public async Task Expired_districts_are_skipped_with_the_reason_and_others_are_queued()
    {
        var (active, _) = await Fixture.ConnectedDistrictAsync();
        var (expired, _) = await Fixture.ConnectedDistrictAsync();
        await Fixture.ExecuteDbContextAsync(db => db.Subscriptions.Where(s => s.DistrictId == expired.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndsOn, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3))));

        var result = await Fixture.SendAsync(new NightlySync.Command());

        Assert.True(result.Queued >= 1);
        var skipped = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.SingleAsync(r => r.DistrictId == expired.Id));
        Assert.Equal(SyncRunStatus.Skipped, skipped.Status);
        Assert.Contains("expired", skipped.Message);
        var queued = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.SingleAsync(r => r.DistrictId == active.Id));
        Assert.Equal(SyncRunStatus.Queued, queued.Status);
        Assert.Equal(SyncTrigger.Nightly, queued.Trigger);
    }

    /// <summary>
    /// Every instance's scheduler fires at midnight: the second one finds each district decided (a paused one's skipped run
    /// written, an active one's run queued, or even already done) and adds nothing.
    /// </summary>
    [Fact]
    public async Task A_second_instances_nightly_adds_no_run_to_a_district_decided_tonight()
    {
        var (active, _) = await Fixture.ConnectedDistrictAsync();
        var (paused, _) = await Fixture.ConnectedDistrictAsync();
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == paused.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.NightlyPausedUntil, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5))
            .SetProperty(d => d.NightlyPauseReason, "Winter break").SetProperty(d => d.NightlyPausedBy, "owner")));

        await Fixture.SendAsync(new NightlySync.Command());
        await Fixture.ProcessQueueAsync(active.Id);
        await Fixture.SendAsync(new NightlySync.Command());

        var runs = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.DistrictId == active.Id || r.DistrictId == paused.Id)
            .Select(r => new { r.DistrictId, r.Status }).ToListAsync());
        Assert.Equal([SyncRunStatus.Skipped], runs.Where(r => r.DistrictId == paused.Id).Select(r => r.Status));
        Assert.Single(runs, r => r.DistrictId == active.Id);
        Assert.True(runs.Single(r => r.DistrictId == active.Id).Status.IsSuccess());
    }

    [Fact]
    public async Task Districts_with_nightly_sync_off_are_left_alone()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();
        await Fixture.ExecuteDbContextAsync(db => db.Districts.Where(d => d.Id == district.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NightlySyncEnabled, false)));

        await Fixture.SendAsync(new NightlySync.Command());

        Assert.False(await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.AnyAsync(r => r.DistrictId == district.Id)));
    }

    /// <summary>
    /// True when a nightly run was queued; marks it finished, and a day old (the scheduler's clock is simulated, the app's is
    /// not), so the next night can queue again.
    /// </summary>
    private Task<bool> TakeNightlyRunAsync(int districtId) =>
        Fixture.ExecuteDbContextAsync(async db => await db.SyncRuns
            .Where(r => r.DistrictId == districtId && r.Trigger == SyncTrigger.Nightly && r.Status == SyncRunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, SyncRunStatus.Discarded)
                .SetProperty(r => r.RequestedAt, r => r.RequestedAt.AddDays(-1))) > 0);

    private sealed class NoEvents : IDispatcher
    {
        public Task Broadcast<TEvent>(TEvent toBroadcast) where TEvent : IEvent => Task.CompletedTask;
    }
}
