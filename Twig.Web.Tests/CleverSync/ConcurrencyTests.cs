using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Features.CleverSync.Sync;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

public sealed class ConcurrencyTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public async Task Five_concurrent_sync_now_presses_make_one_run()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand))));

        Assert.Single(results.Select(r => r.RunId).Distinct());
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.CountAsync(r => r.DistrictId == district.Id)));
    }

    [Fact]
    public async Task A_second_sync_now_within_five_minutes_is_refused_with_when_to_try()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();
        await Fixture.SyncAsync(district.Id);

        var again = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand));

        Assert.NotNull(again.Refusal);
        Assert.Contains("you can sync again in", again.Refusal);
        Assert.Equal(1, await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.CountAsync(r => r.DistrictId == district.Id)));
    }

    [Fact]
    public async Task Two_workers_on_one_database_execute_every_run_exactly_once()
    {
        var districts = new List<int>();
        for (var i = 0; i < 4; i++) districts.Add((await Fixture.ConnectedDistrictAsync(students: 30)).District.Id);
        foreach (var id in districts) await Fixture.SendAsync(new RequestSync.Command(id, SyncTrigger.Nightly));
        var executed = new System.Collections.Concurrent.ConcurrentBag<int>();

        async Task WorkerAsync(string name)
        {
            await using var scope = Fixture.Services.CreateAsyncScope();
            var queue = scope.ServiceProvider.GetRequiredService<SyncQueue>();
            while (await queue.ProcessNextAsync(name, CancellationToken.None) is { } done) executed.Add(done.RunId);
        }
        await Task.WhenAll(WorkerAsync("worker-a"), WorkerAsync("worker-b"));

        var runs = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.AsNoTracking().Include(r => r.Counts).ToListAsync());
        Assert.Equal(4, runs.Count);
        Assert.Equal(runs.Select(r => r.Id).Order(), executed.Order());
        Assert.All(runs, r => Assert.True(r.Status is SyncRunStatus.Succeeded or SyncRunStatus.SucceededWithWarnings, r.Message));
        Assert.All(runs, r => Assert.Equal(4, r.Counts.Count));
    }

    [Fact]
    public async Task A_cancellation_in_the_middle_of_apply_leaves_the_roster_unchanged_and_the_run_interrupted()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync(students: 150);
        await Fixture.SyncAsync(district.Id);
        await Fixture.ForgetOnDemandRunsAsync(district.Id);
        clever.Changes.AddStudents(5);
        clever.Changes.UpdateNames("student", 5);
        var fingerprint = await Fixture.RosterFingerprintAsync(district.Id);
        var request = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand));
        var board = Fixture.Services.GetRequiredService<SyncProgressBoard>();
        using var cancel = new CancellationTokenSource();
        var appliedRows = 0;
        void CancelMidApply(int runId, SyncProgressBoard.Snapshot snapshot)
        {
            if (runId != request.RunId || snapshot.Phase != SyncPhase.Applying || snapshot.Done == 0) return;
            appliedRows = snapshot.Done;
            cancel.Cancel();
        }
        board.Changed += CancelMidApply;
        try
        {
            await Fixture.ExecuteScopeAsync(async sp =>
            {
                var queue = sp.GetRequiredService<SyncQueue>();
                Assert.Equal(request.RunId, await queue.ClaimNextAsync("test-worker", CancellationToken.None, district.Id));
                await sp.GetRequiredService<IMediator>().Send(new ExecuteSyncRun.Command(request.RunId!.Value), cancel.Token);
            });
        }
        finally
        {
            board.Changed -= CancelMidApply;
        }

        Assert.True(appliedRows > 0, "the cancellation came after rows were written");
        var run = await Fixture.RunAsync(request.RunId!.Value);
        Assert.Equal(SyncRunStatus.Interrupted, run.Status);
        Assert.Empty(run.Counts);
        Assert.Equal(fingerprint, await Fixture.RosterFingerprintAsync(district.Id));
    }

    [Fact]
    public async Task A_run_left_running_by_a_dead_process_becomes_interrupted_and_a_nightly_one_is_queued_again()
    {
        var (district, _) = await Fixture.ConnectedDistrictAsync();
        var run = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.Nightly));
        await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.Id == run.RunId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, SyncRunStatus.Running)
            .SetProperty(r => r.HeartbeatAt, DateTime.UtcNow.AddHours(-2))));

        var recovered = await Fixture.SendAsync(new RecoverInterruptedRuns.Command());

        Assert.Equal(1, recovered);
        Assert.Equal(SyncRunStatus.Interrupted, (await Fixture.RunAsync(run.RunId!.Value)).Status);
        var requeued = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.SingleAsync(r => r.PreviousRunId == run.RunId));
        Assert.Equal(SyncRunStatus.Queued, requeued.Status);
        Assert.Equal(SyncTrigger.Nightly, requeued.Trigger);
    }

    [Fact]
    public async Task A_failed_nightly_run_is_retried_once_thirty_minutes_later()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync();
        clever.Faults.Fail(500, onPage: 1, collection: "schools", times: 100);

        var nightly = await Fixture.SyncAsync(district.Id, SyncTrigger.Nightly);

        Assert.Equal(SyncRunStatus.Failed, nightly.Status);
        var retry = await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.SingleAsync(r => r.PreviousRunId == nightly.Id));
        Assert.Equal(SyncTrigger.Retry, retry.Trigger);
        Assert.InRange((retry.NotBefore!.Value - nightly.FinishedAt!.Value).TotalMinutes, 29.9, 30.1);
        await Fixture.ProcessQueueAsync(district.Id);
        Assert.Equal(SyncRunStatus.Queued, (await Fixture.RunAsync(retry.Id)).Status);

        await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.Id == retry.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.NotBefore, DateTime.UtcNow.AddMinutes(-1))));
        await Fixture.ProcessQueueAsync(district.Id);
        Assert.Equal(SyncRunStatus.Failed, (await Fixture.RunAsync(retry.Id)).Status);
        Assert.Equal(2, await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.CountAsync(r => r.DistrictId == district.Id)));
    }

    [Fact]
    public async Task A_run_another_instance_took_for_dead_while_it_read_Clever_applies_nothing()
    {
        var (district, clever) = await Fixture.ConnectedDistrictAsync();
        clever.Faults.Slow(TimeSpan.FromSeconds(1));
        var run = await Fixture.SendAsync(new RequestSync.Command(district.Id, SyncTrigger.OnDemand));
        var running = Fixture.ProcessQueueAsync(district.Id);
        for (var waited = 0; waited < 10_000 && (await Fixture.RunAsync(run.RunId!.Value)).Phase != SyncPhase.FetchingPeople; waited += 50)
            await Task.Delay(50);

        // What another instance's start-up does to a run whose heartbeat it found stale.
        await Fixture.ExecuteDbContextAsync(db => db.SyncRuns.Where(r => r.Id == run.RunId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, SyncRunStatus.Interrupted)));
        clever.Faults.Slow(TimeSpan.Zero);
        await running;

        Assert.Equal(SyncRunStatus.Interrupted, (await Fixture.RunAsync(run.RunId!.Value)).Status);
        Assert.Equal(0, await Fixture.ExecuteDbContextAsync(db => db.People.CountAsync(p => p.DistrictId == district.Id)));
    }
}
