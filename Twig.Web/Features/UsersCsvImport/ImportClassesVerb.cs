using System.CommandLine;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Web;

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
        var symbols = new ImportVerbSymbols("file", "The classes.csv file to import.",
            "--deactivate", "Confirms this many class deactivations plus memberships removed from kept classes when the preview is " +
                            "above the threshold.");
        var verb = symbols.Command("import-classes",
            "Check classes.csv for a district against its current CSV people, print the preview, and apply it (unless --dry-run).");
        symbols.SetAction(context, verb, (input, _, services, output, cancellationToken) =>
            RunAsync(input, new CsvImportVerbRun(input, services, output), output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(ImportVerbInput input, CsvImportVerbRun run, TextWriter output,
        CancellationToken cancellationToken)
    {
        var name = input.FileName;
        var (upload, review) = await run.UploadAsync(content => new Upload.Command(input.DistrictId, name, null, name, content),
            cancellationToken);
        await output.WriteLineAsync(
            $"Import {upload.ImportId} of '{name}' for '{input.Slug}': {review.Import.ClassRowCount:N0} classes, SHA-256 " +
                $"{review.Import.Sha256}.");
        if (upload.Status != CsvImportStatus.Previewed || review.Preview?.Classes is not { } classes)
            return await run.RefusedAsync(upload, review, ClassesCsv.FileName, cancellationToken);

        await output.WriteLineAsync("Preview (nothing written yet):");
        await output.WriteLineAsync($"  classes: {classes.Create:N0} create, {classes.Update:N0} update, {classes.Reactivate:N0} " +
            "reactivate, "
            + $"{classes.Deactivate:N0} deactivate, {classes.Unchanged:N0} unchanged");
        await output.WriteLineAsync($"  enrollments: {classes.EnrollmentsInFile:N0} in the file, {classes.EnrollmentsAdded:N0} to add, "
            + $"{classes.EnrollmentsRemoved:N0} to remove");
        if (review.WarningCount > 0)
            await output.WriteLineAsync($"  {Counted.Of(review.WarningCount, "warning")}, e.g.: {review.Warnings[0].Message}");

        if (input.DryRun) return await run.CancelDryRunAsync(upload.ImportId, cancellationToken);

        if (review.Preview.NeedsClassConfirmation)
            await output.WriteLineAsync($"  {classes.Deactivate:N0} classes would be deactivated and "
                + $"{classes.MembershipsRemovedFromKept:N0} memberships removed from kept classes, more than the "
                + $"{review.Preview.ThresholdPercent} % threshold; confirm with --deactivate {classes.ChangesToConfirm}.");
        return await run.ApplyAsync(new Review.Command(input.DistrictId, upload.ImportId, null, input.Confirm), cancellationToken);
    }
}
