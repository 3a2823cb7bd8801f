using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Runs;

/// <summary>
/// Takes the oldest due queued run and marks it running in one conditional UPDATE: of several instances
/// (or workers) racing for the same run exactly one wins, and each district runs one sync at a time.
/// </summary>
public sealed class SyncQueue(TwigDb db, IMediator mediator, TimeProvider clock)
{
    public static readonly string InstanceName = Infrastructure.AppInstance.Name;

    public async Task<int?> ClaimNextAsync(string worker, CancellationToken ct, int? districtId = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.SyncRuns.AsNoTracking()
            .Where(r => r.Status == SyncRunStatus.Queued && (r.NotBefore == null || r.NotBefore <= now))
            .Where(r => districtId == null || r.DistrictId == districtId)
            .OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)
            .Select(r => r.Id).Take(20).ToListAsync(ct);
        foreach (var id in candidates)
        {
            var claimed = await db.InTransactionAsync(
                token => db.SyncRuns
                    .Where(r => r.Id == id && r.Status == SyncRunStatus.Queued)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(r => r.Status, SyncRunStatus.Running)
                        .SetProperty(r => r.Phase, SyncPhase.Queued)
                        .SetProperty(r => r.ClaimedBy, worker)
                        .SetProperty(r => r.StartedAt, now)
                        .SetProperty(r => r.HeartbeatAt, now), token),
                // A lost acknowledgement must not leave the run claimed by us yet not run (it would sit "running" until recovered).
                async token => await db.SyncRuns.AnyAsync(r => r.Id == id && r.Status == SyncRunStatus.Running && r.ClaimedBy == worker
                    && r.StartedAt == now, token)
                    ? TwigDbTransactions.Committed(1)
                    : TwigDbTransactions.NotCommitted<int>(),
                ct);
            if (claimed == 1) return id;
        }
        return null;
    }

    /// <summary>Claims and runs the next due run, if any; returns its id and outcome.</summary>
    public async Task<(int RunId, SyncRunStatus Status)?> ProcessNextAsync(string worker, CancellationToken ct, int? districtId = null)
    {
        if (await ClaimNextAsync(worker, ct, districtId) is not { } runId) return null;
        var status = await mediator.Send(new ExecuteSyncRun.Command(runId), ct);
        return (runId, status);
    }
}
