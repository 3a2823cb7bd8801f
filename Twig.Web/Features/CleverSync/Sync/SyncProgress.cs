using System.Collections.Concurrent;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>What a running sync reports as it goes.</summary>
public interface ISyncProgress
{
    ValueTask PhaseAsync(SyncPhase phase, int total = 0);
    void Fetched(int records);
    void Advanced(int done);
}

/// <summary>
/// Live progress of the runs this instance is executing, readable at any moment — including while the
/// apply transaction holds the database — so the progress page never waits on a sync.
/// </summary>
public sealed class SyncProgressBoard
{
    private readonly ConcurrentDictionary<int, Snapshot> _runs = new();

    public sealed record Snapshot(SyncPhase Phase, int Done, int Total);

    /// <summary>Raised on the sync's own thread at every change; handlers must be quick.</summary>
    public event Action<int, Snapshot>? Changed;

    public Snapshot? Get(int runId) => _runs.TryGetValue(runId, out var snapshot) ? snapshot : null;

    public ISyncProgress Track(int runId) => new Tracker(this, runId);

    public void Forget(int runId) => _runs.TryRemove(runId, out _);

    private sealed class Tracker(SyncProgressBoard board, int runId) : ISyncProgress
    {
        public ValueTask PhaseAsync(SyncPhase phase, int total = 0)
        {
            Set(new Snapshot(phase, 0, total));
            return ValueTask.CompletedTask;
        }
        public void Fetched(int records) => Update(s => s with { Done = records });
        public void Advanced(int done) => Update(s => s with { Done = done });

        private void Update(Func<Snapshot, Snapshot> change) =>
            Set(change(board.Get(runId) ?? new Snapshot(SyncPhase.Queued, 0, 0)));

        private void Set(Snapshot snapshot)
        {
            board._runs[runId] = snapshot;
            board.Changed?.Invoke(runId, snapshot);
        }
    }
}
