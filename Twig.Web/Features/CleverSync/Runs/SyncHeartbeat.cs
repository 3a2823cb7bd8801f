using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Sync;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// Keeps a run's heartbeat fresh while it reads Clever and plans, and while its apply transaction is open, so a long fetch
/// (a big district, Clever's rate limit waited out) or a 20-minute apply is never taken for the run of a dead process by
/// another instance's start-up (<see cref="SyncSettings.StaleAfter"/>). The beat is written from its own scope,
/// hence its own connection and its own short transaction: the apply's transaction holds no lock on the run's row until
/// it finishes, so the two never wait on each other. Each beat also copies the live board's count into the run's row
/// (<see cref="SyncRun.ProgressDone"/>/<see cref="SyncRun.ProgressTotal"/>), so another instance's progress page shows how far
/// the apply is.
/// On SQLite there is one writer at a time; a second connection's write would only queue behind the apply, so nothing
/// beats there during an apply (its applies are short, and the phase change just before the apply has stamped the heartbeat).
/// </summary>
public sealed class SyncHeartbeat(IServiceScopeFactory scopes, DatabaseInfo database, TimeProvider clock, IOptions<SyncSettings> settings,
    SyncProgressBoard board, ILogger<SyncHeartbeat> logger)
{
    /// <summary>
    /// Beats once now, then every third of <see cref="SyncSettings.StaleAfter"/> until disposed. <paramref name="duringApply"/>:
    /// beside the apply's open transaction (where SQLite cannot write).
    /// </summary>
    public async Task<IAsyncDisposable> StartAsync(int runId, CancellationToken token, bool duringApply = true)
    {
        if (duringApply && database.Provider != DatabaseProvider.SqlServer) return Stopped.Instance;
        await BeatAsync(runId, token);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        var loop = LoopAsync(runId, settings.Value.StaleAfter / 3, stop.Token);
        return new Running(stop, loop);
    }

    private async Task LoopAsync(int runId, TimeSpan every, CancellationToken token)
    {
        using var timer = new PeriodicTimer(every, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(token)) await BeatAsync(runId, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private async Task BeatAsync(int runId, CancellationToken token)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TwigDb>();
            var now = clock.GetUtcNow().UtcDateTime;
            var live = board.Get(runId);
            int done = live?.Done ?? 0, total = live?.Total ?? 0;
            await db.SyncRuns.Where(r => r.Id == runId && r.Status == SyncRunStatus.Running)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.HeartbeatAt, now)
                    .SetProperty(r => r.ProgressDone, done).SetProperty(r => r.ProgressTotal, total), token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A missed beat is not a reason to fail the apply; the next one may get through.
            logger.LogWarning(ex, "Could not record the heartbeat of sync run {RunId}", runId);
        }
    }

    private sealed class Running(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            // Stopped before the apply, and again on the way out whatever happened.
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }

    private sealed class Stopped : IAsyncDisposable
    {
        public static readonly Stopped Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
