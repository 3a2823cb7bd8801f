using System.CommandLine;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// <c>import-users &lt;district-slug&gt; &lt;file&gt; [--dry-run] [--archive N]</c>: the same upload, preview and apply as the
/// owner's pages. Exit code 0 only when applied (or, with --dry-run, previewed without errors); 1 when refused.
/// </summary>
internal sealed class ImportUsersVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var symbols = new ImportVerbSymbols("file", "The users.csv file to import.",
            "--archive", "Confirms archiving this many people when the preview is above the threshold.");
        var verb = symbols.Command("import-users", "Check users.csv for a district, print the preview, and apply it (unless --dry-run).");
        symbols.SetAction(context, verb, (input, _, services, output, cancellationToken) =>
            RunAsync(input, new CsvImportVerbRun(input, services, output), output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(ImportVerbInput input, CsvImportVerbRun run, TextWriter output,
        CancellationToken cancellationToken)
    {
        var (upload, review) = await run.UploadAsync(content => new Upload.Command(input.DistrictId, input.FileName, content),
            cancellationToken);
        await output.WriteLineAsync(
            $"Import {upload.ImportId} of '{input.FileName}' for '{input.Slug}': {review.Import.RowCount:N0} rows, SHA-256 " +
                $"{review.Import.Sha256}.");
        if (upload.Status != CsvImportStatus.Previewed || review.Preview is not { } preview)
            return await run.RefusedAsync(upload, review, defaultFile: null, cancellationToken);

        await output.WriteLineAsync("Preview (nothing written yet):");
        await output.WriteLineAsync($"  {"role",-14}{"create",9}{"update",9}{"reactivate",12}{"archive",9}{"unchanged",11}");
        foreach (var role in preview.Roles)
            await output.WriteLineAsync(
                $"  {role.Role,-14}{role.Create,9:N0}{role.Update,9:N0}{role.Reactivate,12:N0}{role.Archive,9:N0}{role.Unchanged,11:N0}");
        await output.WriteLineAsync($"  Licence: {preview.Licence.ActiveStudentsAfter:N0} active students after, " +
            $"{preview.Licence.Seats:N0} seats.");
        if (preview.NewSchools.Count > 0) await output.WriteLineAsync($"  Schools to create: {NameList.Of(preview.NewSchools)}");
        if (review.WarningCount > 0)
            await output.WriteLineAsync($"  {Counted.Of(review.WarningCount, "warning")}, e.g.: {review.Warnings[0].Message}");
        if (preview.NeedsArchiveConfirmation)
            await output.WriteLineAsync($"  {preview.ArchiveCount:N0} people would be archived, more than the {preview.ThresholdPercent} % "
                + $"threshold; confirm with --archive {preview.ArchiveCount}.");

        if (input.DryRun) return await run.CancelDryRunAsync(upload.ImportId, cancellationToken);
        return await run.ApplyAsync(new Review.Command(input.DistrictId, upload.ImportId, input.Confirm), cancellationToken);
    }
}
