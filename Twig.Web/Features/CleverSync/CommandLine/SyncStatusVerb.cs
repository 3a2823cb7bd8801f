using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

internal sealed class SyncStatusVerb : ICommandLineVerb
{
    public string Name => "sync-status";
    public string Usage => "<district-slug>";
    public string Summary => "Show the district's latest sync runs with their outcome and counts.";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var slug = arguments.Positional(0, "district-slug");
        arguments.RejectUnknown(maxPositional: 1);
        var db = services.GetRequiredService<TwigDb>();
        var district = await db.Districts.AsNoTracking().Include(d => d.CleverConnection).SingleOrDefaultAsync(d => d.Slug == slug, cancellationToken);
        if (district is null)
        {
            await Console.Error.WriteLineAsync($"There is no district with the slug '{slug}'.");
            return CommandLineRunner.UsageExitCode;
        }
        await output.WriteLineAsync($"{district.Name}: Clever {district.ConnectionState}");
        var runs = await db.SyncRuns.AsNoTracking().Include(r => r.Counts).Where(r => r.DistrictId == district.Id)
            .OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id).Take(10).ToListAsync(cancellationToken);
        if (runs.Count == 0) await output.WriteLineAsync("No sync has run yet.");
        foreach (var run in runs)
        {
            var people = run.Counts.FirstOrDefault(c => c.EntityType == Domain.RosterEntityType.Person);
            await output.WriteLineAsync($"#{run.Id} {run.RequestedAt:yyyy-MM-dd HH:mm} UTC {run.Trigger,-9} {run.Status,-22} " +
                (people is null ? "" : $"people +{people.Created} ~{people.Updated} -{people.Deactivated} ↺{people.Reactivated} ={people.Unchanged}") +
                $" {run.Message}");
        }
        return 0;
    }
}
