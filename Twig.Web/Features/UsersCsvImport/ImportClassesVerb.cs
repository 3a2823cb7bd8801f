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
        var districtId = await VerbInputs.DistrictIdAsync(db, slug, cancellationToken);
        VerbInputs.ExistingFile(path);

        var name = Path.GetFileName(path);
        await using var checking = VerbProgress.Start(output, $"Checking {name}");
        var upload = (await mediator.Send(new Upload.Command(districtId, name, null, name, await File.ReadAllBytesAsync(path, cancellationToken)), cancellationToken))!;
        checking.Step("Building the preview");
        var review = (await mediator.Send(new Review.Query(districtId, upload.ImportId, 1), cancellationToken))!;
        await checking.StopAsync();
        await output.WriteLineAsync($"Import {upload.ImportId} of '{name}' for '{slug}': {review.Import.ClassRowCount:N0} classes, SHA-256 {review.Import.Sha256}.");

        if (upload.Status != CsvImportStatus.Previewed || review.Preview?.Classes is not { } classes)
        {
            await output.WriteLineAsync(upload.Message ?? upload.Status.ToString());
            await ImportErrorLines.WriteAsync(db, output, upload.ImportId, review.ErrorCount, ClassesCsv.FileName, cancellationToken);
            return 1;
        }

        await output.WriteLineAsync("Preview (nothing written yet):");
        await output.WriteLineAsync($"  classes: {classes.Create:N0} create, {classes.Update:N0} update, {classes.Reactivate:N0} reactivate, {classes.Deactivate:N0} deactivate, {classes.Unchanged:N0} unchanged");
        await output.WriteLineAsync($"  enrollments: {classes.EnrollmentsInFile:N0} in the file, {classes.EnrollmentsAdded:N0} to add, {classes.EnrollmentsRemoved:N0} to remove");
        if (review.WarningCount > 0) await output.WriteLineAsync($"  {review.WarningCount:N0} warning(s), e.g.: {review.Warnings[0].Message}");

        if (dryRun)
        {
            await mediator.Send(new Review.CancelCommand(districtId, upload.ImportId), cancellationToken);
            await output.WriteLineAsync("Dry run: nothing was changed.");
            return 0;
        }

        if (review.Preview.NeedsClassConfirmation)
            await output.WriteLineAsync($"  {classes.Deactivate:N0} classes would be deactivated, more than the {review.Preview.ThresholdPercent} % threshold; confirm with --deactivate {classes.Deactivate}.");
        await using var applying = VerbProgress.Start(output, "Applying");
        var applied = (await mediator.Send(new Review.Command(districtId, upload.ImportId, null, deactivate), cancellationToken))!;
        if (applied.Outcome != Review.ApplyOutcome.Applied)
            await mediator.Send(new Review.CancelCommand(districtId, upload.ImportId), cancellationToken);
        await applying.StopAsync();
        await output.WriteLineAsync(applied.Message);
        return applied.Outcome == Review.ApplyOutcome.Applied ? 0 : 1;
    }
}
