using System.CommandLine;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DataStewardship;

/// <summary>
/// <c>delete-district SLUG --confirm SLUG</c>: deletes the district's data now, without the grace period (the operator
/// types the slug twice), and prints the certificate. Exit 0 deleted, 1 refused, 2 usage.
/// </summary>
internal sealed class DeleteDistrictVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var slugArgument = VerbSymbols.DistrictSlug("slug");
        var confirmOption = new Option<string>("--confirm") { Description = "The slug again, to confirm.", Required = true };
        var verb = new Command("delete-district",
            "Delete every person, class, school, sync and import of a district now, close its owner account and print the "
            + "deletion certificate.")
        {
            slugArgument, confirmOption,
        };
        context.SetAction(verb, (arguments, services, output, cancellationToken) => RunAsync(
            District.NormalizeSlug(arguments.GetRequiredValue(slugArgument)), arguments.GetRequiredValue(confirmOption),
            services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(string slug, string confirm, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        // Typed exactly, as on the web page: a confirmation the shell or a habit changed is not one.
        if (!ScheduleDeletion.Confirms(confirm, slug))
        {
            await output.WriteLineAsync(string.Equals(confirm.Trim(), slug, StringComparison.OrdinalIgnoreCase)
                ? $"Refused: --confirm '{confirm}' differs from the slug '{slug}' in upper and lower case; type it exactly: {slug}. "
                  + "Nothing was deleted."
                : $"Refused: --confirm '{confirm}' does not repeat the slug '{slug}'. Nothing was deleted.");
            return 1;
        }
        var db = services.GetRequiredService<TwigDb>();
        var district = await db.Districts.AsNoTracking().Where(d => d.Slug == slug).Select(d => new { d.Id, d.DeletedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (district is null)
        {
            await output.WriteLineAsync($"Refused: there is no district '{slug}'.");
            return 1;
        }
        // A deletion that stopped half-way is resumed rather than scheduled again.
        var resumed = await db.DistrictDeletions.Where(d => d.DistrictId == district.Id && d.Status == DistrictDeletionStatus.Running)
            .Select(d => (int?)d.Id).FirstOrDefaultAsync(cancellationToken);
        if (district.DeletedAt is not null && resumed is null)
        {
            await output.WriteLineAsync($"Refused: the data of '{slug}' was already deleted on {district.DeletedAt:yyyy-MM-dd}.");
            return 1;
        }

        var mediator = services.GetRequiredService<IMediator>();
        var deletionId = resumed ?? (await mediator.Send(new ScheduleDeletion.Command(district.Id, slug, Immediately: true),
            cancellationToken)).DeletionId;
        var result = await mediator.Send(new DeleteDistrictData.Command(deletionId), cancellationToken);
        if (!result.Completed)
        {
            await output.WriteLineAsync($"Refused: {result.Refusal} The deletion stays scheduled; the hourly job completes it.");
            return 1;
        }
        await output.WriteLineAsync($"Deleted the data of '{slug}' (deletion {deletionId}). Rows deleted per table:");
        foreach (var (table, count) in result.Counts) await output.WriteLineAsync($"  {table}: {count}");
        await output.WriteLineAsync($"{result.Statements} delete statements, the largest touching {result.LargestStatement} rows.");
        await output.WriteLineAsync("The owner account is closed. The certificate is at " +
            $"/support/districts/{district.Id}/deletion/{deletionId} and goes to the owner by e-mail (notices need App:BaseUrl).");
        return 0;
    }
}
