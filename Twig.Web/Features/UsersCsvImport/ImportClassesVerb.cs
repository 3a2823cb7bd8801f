using System.CommandLine;
using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// <c>import-classes &lt;district-slug&gt; &lt;file&gt; [--dry-run]</c>: classes.csv alone, against the district's current CSV
/// people, through the same upload, preview and apply as the owner's pages. Exit codes as <c>import-users</c>: 0 only when
/// applied (or, with --dry-run, previewed without errors); 1 when refused; usage errors as the command line reports them.
/// </summary>
internal sealed class ImportClassesVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var slugArgument = VerbSymbols.DistrictSlug();
        var file = VerbSymbols.File("file", "The classes.csv file to import.");
        var dryRunOption = VerbSymbols.DryRun();
        var deactivateOption = VerbSymbols.OptionalWholeNumber("--deactivate",
            "Confirms deactivating this many classes when the preview is above the threshold.");
        var verb = new Command("import-classes",
            "Check classes.csv for a district against its current CSV people, print the preview, and apply it (unless --dry-run).")
        {
            slugArgument, file, dryRunOption, deactivateOption,
        };
        context.SetAction(verb, (arguments, services, output, cancellationToken) => RunAsync(new Arguments
        {
            Slug = District.NormalizeSlug(arguments.GetRequiredValue(slugArgument)),
            Path = arguments.GetRequiredValue(file),
            DryRun = arguments.GetValue(dryRunOption),
            Deactivate = arguments.GetValue(deactivateOption),
        }, services, output, cancellationToken));
        return verb;
    }

    private sealed record Arguments
    {
        public required string Slug { get; init; }
        public required string Path { get; init; }
        public bool DryRun { get; init; }
        public int? Deactivate { get; init; }
    }

    private static async Task<int> RunAsync(Arguments arguments, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        var (slug, path, dryRun, deactivate) = (arguments.Slug, arguments.Path, arguments.DryRun, arguments.Deactivate);

        var db = services.GetRequiredService<TwigDb>();
        var mediator = services.GetRequiredService<IMediator>();
        var districtId = await db.Districts.Where(d => d.Slug == slug).Select(d => (int?)d.Id).SingleOrDefaultAsync(cancellationToken);
        if (districtId is null) throw new CommandLineUsageException($"There is no district with the slug '{slug}'.");
        if (!File.Exists(path)) throw new CommandLineUsageException($"The file '{path}' does not exist.");

        var name = Path.GetFileName(path);
        await using var checking = VerbProgress.Start(output, $"Checking {name}");
        var upload = (await mediator.Send(new Upload.Command(districtId.Value, name, null, name, await File.ReadAllBytesAsync(path, cancellationToken)), cancellationToken))!;
        checking.Step("Building the preview");
        var review = (await mediator.Send(new Review.Query(districtId.Value, upload.ImportId, 1), cancellationToken))!;
        await checking.StopAsync();
        await output.WriteLineAsync($"Import {upload.ImportId} of '{name}' for '{slug}': {review.Import.ClassRowCount:N0} classes, SHA-256 {review.Import.Sha256}.");

        if (upload.Status != CsvImportStatus.Previewed || review.Preview?.Classes is not { } classes)
        {
            await output.WriteLineAsync(upload.Message ?? upload.Status.ToString());
            var all = await db.CsvImportIssues.AsNoTracking().Where(i => i.CsvImportId == upload.ImportId && i.Severity == IssueSeverity.Error)
                .OrderBy(i => i.RowNumber).ThenBy(i => i.Id).Take(200).ToListAsync(cancellationToken);
            foreach (var issue in all)
                await output.WriteLineAsync($"  {issue.File ?? ClassesCsv.FileName} row {issue.RowNumber?.ToString(CultureInfo.InvariantCulture) ?? "-"}{(issue.Column is null ? "" : $", {issue.Column}")}: {issue.Message}");
            if (review.ErrorCount > all.Count) await output.WriteLineAsync($"  … and {review.ErrorCount - all.Count:N0} more.");
            return 1;
        }

        await output.WriteLineAsync("Preview (nothing written yet):");
        await output.WriteLineAsync($"  classes: {classes.Create:N0} create, {classes.Update:N0} update, {classes.Reactivate:N0} reactivate, {classes.Deactivate:N0} deactivate, {classes.Unchanged:N0} unchanged");
        await output.WriteLineAsync($"  enrollments: {classes.EnrollmentsInFile:N0} in the file, {classes.EnrollmentsAdded:N0} to add, {classes.EnrollmentsRemoved:N0} to remove");
        if (review.WarningCount > 0) await output.WriteLineAsync($"  {review.WarningCount:N0} warning(s), e.g.: {review.Warnings[0].Message}");

        if (dryRun)
        {
            await mediator.Send(new Review.CancelCommand(districtId.Value, upload.ImportId), cancellationToken);
            await output.WriteLineAsync("Dry run: nothing was changed.");
            return 0;
        }

        if (review.Preview.NeedsClassConfirmation)
            await output.WriteLineAsync($"  {classes.Deactivate:N0} classes would be deactivated, more than the {review.Preview.ThresholdPercent} % threshold; confirm with --deactivate {classes.Deactivate}.");
        await using var applying = VerbProgress.Start(output, "Applying");
        var applied = (await mediator.Send(new Review.Command(districtId.Value, upload.ImportId, null, deactivate), cancellationToken))!;
        if (applied.Outcome != Review.ApplyOutcome.Applied)
            await mediator.Send(new Review.CancelCommand(districtId.Value, upload.ImportId), cancellationToken);
        await applying.StopAsync();
        await output.WriteLineAsync(applied.Message);
        return applied.Outcome == Review.ApplyOutcome.Applied ? 0 : 1;
    }
}
