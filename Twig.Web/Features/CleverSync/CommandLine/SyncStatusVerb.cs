using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Web.Times;

namespace Twig.Web.Features.CleverSync.CommandLine;

internal sealed class SyncStatusVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var slugArgument = VerbSymbols.DistrictSlug();
        var verb = new Command("sync-status", "Show the district's latest sync runs with their outcome and counts.") { slugArgument };
        context.SetAction(verb, (arguments, services, output, cancellationToken) =>
            RunAsync(arguments.GetRequiredValue(slugArgument), services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(string slug, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TwigDb>();
        var districtId = await VerbInputs.DistrictIdAsync(db, slug, cancellationToken);
        var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection)
            .SingleAsync(d => d.Id == districtId, cancellationToken);
        await output.WriteLineAsync($"{district.Name}: Clever {district.ConnectionState}");
        if (district.NightlyPausedOn(DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime)))
            await output.WriteLineAsync($"Nightly syncs paused until {DisplayTime.Day(district.NightlyPausedUntil!.Value)}: " +
                $"{district.NightlyPauseReason}");
        var runs = await db.SyncRuns.AsNoTracking().Include(r => r.Counts).Where(r => r.DistrictId == district.Id)
            .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).Take(10).ToListAsync(cancellationToken);
        if (runs.Count == 0) await output.WriteLineAsync("No sync has run yet.");
        foreach (var run in runs)
        {
            var people = run.Counts.FirstOrDefault(c => c.EntityType == Domain.RosterEntityType.Person);
            // A held run applied nothing: its deactivations are only planned until someone approves it.
            var counts = people is null ? ""
                : run.Status == Domain.SyncRunStatus.HeldForReview
                    ? $"people: nothing applied, would deactivate {people.Deactivated}"
                    : $"people +{people.Created} ~{people.Updated} -{people.Deactivated} ↺{people.Reactivated} ={people.Unchanged}";
            await output.WriteLineAsync($"#{run.Id} {run.RequestedAt:yyyy-MM-dd HH:mm} UTC {run.Trigger,-9} {run.Status,-22} {counts} " +
                $"{run.Message}");
        }
        return 0;
    }
}
