using System.CommandLine;
using Twig.Web.Data;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.OneRosterImport;

/// <summary>
/// <c>import-oneroster &lt;district-slug&gt; &lt;zip&gt; [--dry-run] [--deactivate N] [--passwords]</c>: the same checks, preview and
/// apply as the pages. Exit codes as <c>import-users</c>: 0 only when applied (or, with --dry-run, previewed without errors); 1 when
/// refused.
/// </summary>
internal sealed class ImportOneRosterVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var symbols = new ImportVerbSymbols("zip", "The OneRoster 1.1 or 1.2 CSV package (.zip with manifest.csv).",
            "--deactivate", "Confirms the changes of a package above the threshold: the total the preview names.");
        var passwordsOption = new Option<bool>("--passwords") { Description = "Take the people's passwords from users.csv." };
        var verb = symbols.Command("import-oneroster",
            "Check a OneRoster CSV package for a district, print the preview, and apply it (unless --dry-run).", passwordsOption);
        symbols.SetAction(context, verb, (input, arguments, services, output, cancellationToken) =>
            RunAsync(input, arguments.GetValue(passwordsOption), services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(ImportVerbInput input, bool passwords, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        var mediator = services.GetRequiredService<IMediator>();
        var name = input.FileName;
        await using var progress = VerbProgress.Start(output, input.DryRun ? $"Checking {name}" : $"Checking and applying {name}");
        var content = await input.ReadAllBytesAsync(cancellationToken);
        // An operator's import has no page to time out: it waits for a sync applying as long as background work does.
        var result = await mediator.Send(new ImportOneRoster.Command(input.DistrictId, name, content,
            input.DryRun, passwords, input.Confirm, DistrictLock.Background), cancellationToken);
        await progress.StopAsync();
        await output.WriteLineAsync($"Import {result.ImportId} of '{name}' for '{input.Slug}': {result.RowCount:N0} rows.");
        var errors = result.Issues.Where(i => i.Severity == IssueSeverity.Error).ToList();
        foreach (var issue in errors.Take(200)) await output.WriteLineAsync($"  {issue}");
        if (errors.Count > 200) await output.WriteLineAsync($"  … and {errors.Count - 200:N0} more.");

        if (result.Preview is { } p && errors.Count == 0)
        {
            await output.WriteLineAsync($"Preview ({(p.Bulk ? "bulk: a full snapshot" : "delta: changes only")}):");
            await output.WriteLineAsync($"  {"",-12}{"create",9}{"update",9}{"reactivate",12}{"deactivate",12}{"unchanged",11}");
            await output.WriteLineAsync($"  {"people",-12}{p.PeopleCreated,9:N0}{p.PeopleUpdated,9:N0}{p.PeopleReactivated,12:N0}" +
                $"{p.PeopleDeactivated,12:N0}{p.PeopleUnchanged,11:N0}");
            await output.WriteLineAsync($"  {"schools",-12}{p.SchoolsCreated,9:N0}{p.SchoolsUpdated,9:N0}{"",12}" +
                $"{p.SchoolsDeactivated,12:N0}");
            await output.WriteLineAsync($"  {"classes",-12}{p.ClassesCreated,9:N0}{p.ClassesUpdated,9:N0}{"",12}" +
                $"{p.ClassesDeactivated,12:N0}");
            await output.WriteLineAsync($"  enrollments: {p.EnrollmentsAdded:N0} added, {p.EnrollmentsRemoved:N0} removed");
            await output.WriteLineAsync($"  Licence: {p.ActiveStudentsAfter:N0} active students after, {p.Seats:N0} seats.");
            if (p.NeedsConfirmation)
                await output.WriteLineAsync($"  Above the {p.ThresholdPercent} % threshold: {p.Confirming.Label}; " +
                    $"confirm with --deactivate {p.Confirming.Total}.");
            var warnings = result.Issues.Where(i => i.Severity == IssueSeverity.Warning).ToList();
            if (warnings.Count > 0) await output.WriteLineAsync($"  {Counted.Of(warnings.Count, "warning")}, e.g.: {warnings[0]}");
        }
        await output.WriteLineAsync(result.Message);
        return result.Outcome is ImportOneRoster.Outcome.Applied or ImportOneRoster.Outcome.Previewed ? 0 : 1;
    }
}
