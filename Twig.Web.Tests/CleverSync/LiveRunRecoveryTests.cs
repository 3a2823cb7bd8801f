using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>
/// Several instances share one database, and each one's start-up marks runs whose heartbeat stopped as interrupted. A run
/// still reading Clever (a big district, Clever's rate limit waited out) beats too, so it is never taken for dead; and a
/// run that was taken for dead does not apply its plan over its replacement.
/// </summary>
public sealed class LiveRunRecoveryTests
{
    [Fact]
    public async Task A_run_still_reading_Clever_is_not_taken_for_dead_by_another_instances_start_up()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Clever's request timeout runs on the app's clock: long enough here that moving the clock does not end a request.
        var fixture = new SliceFixture(new Dictionary<string, string?> { ["Clever:RequestTimeout"] = "1.00:00:00" },
            services => services.AddSingleton<TimeProvider>(clock));
        await fixture.InitializeAsync();
        try
        {
            var (district, clever) = await fixture.ConnectedDistrictAsync();
            // Every Clever page takes four seconds: the run stays in its fetch while the clock moves on.
            clever.Faults.Slow(TimeSpan.FromSeconds(4));
            var request = await fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand));
            var runId = request.RunId!.Value;
            var running = fixture.ProcessQueueAsync(district.Id);
            // People are read in four listings (teachers, staff, district admins, students): one phase, no phase change to
            // stamp the heartbeat while the clock moves.
            await UntilAsync(async () => (await fixture.RunAsync(runId)).Phase == SyncPhase.FetchingPeople);

            // Twenty minutes pass (the heartbeat goes stale after fifteen), five at a time, as the run reads its pages.
            for (var i = 0; i < 4; i++)
            {
                clock.Advance(TimeSpan.FromMinutes(5));
                var now = clock.GetUtcNow().UtcDateTime;
                await UntilAsync(async () => (await fixture.RunAsync(runId)).HeartbeatAt >= now, seconds: 2);
            }
            var reading = await fixture.RunAsync(runId);
            Assert.True(reading is { Status: SyncRunStatus.Running, Phase: SyncPhase.FetchingPeople }, $"{reading.Status} {reading.Phase}");
            var recovered = await fixture.SendAsync(new RecoverInterruptedRuns.Command());

            Assert.Equal(0, recovered);
            clever.Faults.Slow(TimeSpan.Zero);
            await running;
            Assert.True((await fixture.RunAsync(runId)).Status.IsSuccess());
            Assert.False(await fixture.ExecuteDbContextAsync(db => db.SyncRuns.AnyAsync(r => r.PreviousRunId == runId)));
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    /// <summary>Waits (at most <paramref name="seconds"/>) for what a background run does; the assertions after it say what was missed.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, int seconds = 10)
    {
        for (var waited = 0; waited < seconds * 1000 && !await condition(); waited += 50) await Task.Delay(50);
    }
}
