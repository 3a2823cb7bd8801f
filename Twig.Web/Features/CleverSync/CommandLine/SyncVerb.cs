using System.CommandLine;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.CleverSync.Runs;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

internal sealed class SyncVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var slugArgument = VerbSymbols.DistrictSlug();
        var waitOption = new Option<bool>("--wait") { Description = "Run the sync here, show its progress, exit 0 only if it succeeded." };
        var verb = new Command("sync", "Queue an on-demand sync of a district's Clever roster.") { slugArgument, waitOption };
        context.SetAction(verb, (arguments, services, output, cancellationToken) =>
            RunAsync(arguments.GetRequiredValue(slugArgument), arguments.GetValue(waitOption), services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(string slug, bool wait, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TwigDb>();
        var districtId = await VerbInputs.DistrictIdAsync(db, slug, cancellationToken);
        var mediator = services.GetRequiredService<IMediator>();
        var request = await mediator.Send(new RequestSync.Command(districtId, SyncTrigger.OnDemand), cancellationToken);
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
        await using var progress = VerbProgress.Start(output, $"Run {runId}");
        void Show(int changedRun, Sync.SyncProgressBoard.Snapshot live)
        {
            if (changedRun == runId) progress.Report(live.Phase.ToString(), live.Done, live.Total);
        }
        board.Changed += Show;
        try
        {
            while (true)
            {
                await queue.ProcessNextAsync($"{SyncQueue.InstanceName}/cli", cancellationToken, districtId);
                db.ChangeTracker.Clear();
                var run = await db.SyncRuns.AsNoTracking().Include(r => r.Counts).SingleAsync(r => r.Id == runId, cancellationToken);
                if (run.IsFinished)
                {
                    await progress.StopAsync();
                    return await ReportAsync(run, output);
                }
                // Run by another instance: only its status is visible from here.
                if (board.Get(runId) is null) progress.Step(run.Status.ToString());
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
        finally
        {
            board.Changed -= Show;
        }
    }

    private static async Task<int> ReportAsync(SyncRun run, TextWriter output)
    {
        await output.WriteLineAsync($"Run {run.Id}: {run.Status}. {run.Message}");
        foreach (var count in run.Counts.OrderBy(c => c.EntityType))
            await output.WriteLineAsync($"  {count.EntityType,-10} created {count.Created:N0}, updated {count.Updated:N0}, deactivated " +
                $"{count.Deactivated:N0}, reactivated {count.Reactivated:N0}, unchanged {count.Unchanged:N0}, skipped {count.Skipped:N0}");
        return run.Status.IsSuccess() ? 0 : 1;
    }
}
