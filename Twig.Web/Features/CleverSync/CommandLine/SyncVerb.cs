using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

internal sealed class SyncVerb : ICommandLineVerb
{
    public string Name => "sync";
    public string Usage => "<district-slug> [--wait]";
    public string Summary => "Queue an on-demand sync; with --wait, run it here, print progress and exit 0 only if it succeeded.";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var slug = arguments.Positional(0, "district-slug");
        var wait = arguments.Flag("wait");
        arguments.RejectUnknown(maxPositional: 1);

        var db = services.GetRequiredService<TwigDb>();
        var districtId = await db.Districts.Where(d => d.Slug == slug).Select(d => (int?)d.Id).SingleOrDefaultAsync(cancellationToken);
        if (districtId is null)
        {
            await Console.Error.WriteLineAsync($"There is no district with the slug '{slug}'.");
            return CommandLineRunner.UsageExitCode;
        }
        var mediator = services.GetRequiredService<IMediator>();
        var request = await mediator.Send(new RequestSync.Command(districtId.Value, SyncTrigger.OnDemand), cancellationToken);
        // Only a queued or running run is joined; a refusal (cooldown, not connected, subscription) is never reported as a run.
        if (request.RunId is not { } runId || request.Refusal is not null)
        {
            await Console.Error.WriteLineAsync(request.Refusal);
            return 1;
        }
        await output.WriteLineAsync(request.AlreadyQueued ? $"Run {runId} was already queued or running." : $"Queued run {runId}.");
        if (request.Note is not null) await output.WriteLineAsync(request.Note);
        if (!wait) return 0;

        // Run it here unless another process already holds it; then watch it to the end.
        var queue = services.GetRequiredService<SyncQueue>();
        var board = services.GetRequiredService<Sync.SyncProgressBoard>();
        using var printer = new Timer(_ =>
        {
            if (board.Get(runId) is { } live) output.WriteLine($"  {live.Phase}: {live.Done:N0}{(live.Total > 0 ? $" of {live.Total:N0}" : "")}");
        }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));
        while (true)
        {
            await queue.ProcessNextAsync($"{SyncQueue.InstanceName}/cli", cancellationToken, districtId);
            db.ChangeTracker.Clear();
            var run = await db.SyncRuns.AsNoTracking().Include(r => r.Counts).SingleAsync(r => r.Id == runId, cancellationToken);
            if (run.IsFinished) return await ReportAsync(run, output);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }
    }

    private static async Task<int> ReportAsync(SyncRun run, TextWriter output)
    {
        await output.WriteLineAsync($"Run {run.Id}: {run.Status}. {run.Message}");
        foreach (var count in run.Counts.OrderBy(c => c.EntityType))
            await output.WriteLineAsync($"  {count.EntityType,-10} created {count.Created:N0}, updated {count.Updated:N0}, deactivated {count.Deactivated:N0}, reactivated {count.Reactivated:N0}, unchanged {count.Unchanged:N0}, skipped {count.Skipped:N0}");
        return run.Status.IsSuccess() ? 0 : 1;
    }
}
