using System.CommandLine;
using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// <c>import-users &lt;district-slug&gt; &lt;file&gt; [--dry-run] [--archive N]</c>: the same upload, preview and apply as the
/// owner's pages. Exit code 0 only when applied (or, with --dry-run, previewed without errors); 1 when refused.
/// </summary>
internal sealed class ImportUsersVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var slugArgument = VerbSymbols.DistrictSlug();
        var file = VerbSymbols.File("file", "The users.csv file to import.");
        var dryRunOption = VerbSymbols.DryRun();
        var archiveOption = VerbSymbols.OptionalWholeNumber("--archive",
            "Confirms archiving this many people when the preview is above the threshold.");
        var verb = new Command("import-users", "Check users.csv for a district, print the preview, and apply it (unless --dry-run).")
        {
            slugArgument, file, dryRunOption, archiveOption,
        };
        context.SetAction(verb, (arguments, services, output, cancellationToken) => RunAsync(new Arguments
        {
            Slug = District.NormalizeSlug(arguments.GetRequiredValue(slugArgument)),
            Path = arguments.GetRequiredValue(file),
            DryRun = arguments.GetValue(dryRunOption),
            Archive = arguments.GetValue(archiveOption),
        }, services, output, cancellationToken));
        return verb;
    }

    private sealed record Arguments
    {
        public required string Slug { get; init; }
        public required string Path { get; init; }
        public bool DryRun { get; init; }
        public int? Archive { get; init; }
    }

    private static async Task<int> RunAsync(Arguments arguments, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        var (slug, path, dryRun, archive) = (arguments.Slug, arguments.Path, arguments.DryRun, arguments.Archive);

        var db = services.GetRequiredService<TwigDb>();
        var mediator = services.GetRequiredService<IMediator>();
        var districtId = await VerbInputs.DistrictIdAsync(db, slug, cancellationToken);
        VerbInputs.ExistingFile(path);

        await using var checking = VerbProgress.Start(output, $"Checking {Path.GetFileName(path)}");
        var upload = (await mediator.Send(new Upload.Command(districtId, Path.GetFileName(path), await File.ReadAllBytesAsync(path, cancellationToken)), cancellationToken))!;
        checking.Step("Building the preview");
        var review = (await mediator.Send(new Review.Query(districtId, upload.ImportId, 1), cancellationToken))!;
        await checking.StopAsync();
        await output.WriteLineAsync($"Import {upload.ImportId} of '{Path.GetFileName(path)}' for '{slug}': {review.Import.RowCount:N0} rows, SHA-256 {review.Import.Sha256}.");

        if (upload.Status != CsvImportStatus.Previewed || review.Preview is null)
        {
            await output.WriteLineAsync(upload.Message ?? upload.Status.ToString());
            await ImportErrorLines.WriteAsync(db, output, upload.ImportId, review.ErrorCount, defaultFile: null, cancellationToken);
            return 1;
        }

        var preview = review.Preview;
        await output.WriteLineAsync("Preview (nothing written yet):");
        await output.WriteLineAsync($"  {"role",-14}{"create",9}{"update",9}{"reactivate",12}{"archive",9}{"unchanged",11}");
        foreach (var role in preview.Roles)
            await output.WriteLineAsync($"  {role.Role,-14}{role.Create,9:N0}{role.Update,9:N0}{role.Reactivate,12:N0}{role.Archive,9:N0}{role.Unchanged,11:N0}");
        await output.WriteLineAsync($"  Licence: {preview.Licence.ActiveStudentsAfter:N0} active students after, {preview.Licence.Seats:N0} seats.");
        if (preview.NewSchools.Count > 0) await output.WriteLineAsync($"  Schools to create: {string.Join(", ", preview.NewSchools)}");
        if (review.WarningCount > 0) await output.WriteLineAsync($"  {review.WarningCount:N0} warning(s), e.g.: {review.Warnings[0].Message}");
        if (preview.NeedsArchiveConfirmation)
            await output.WriteLineAsync($"  {preview.ArchiveCount:N0} people would be archived, more than the {preview.ThresholdPercent} % threshold; confirm with --archive {preview.ArchiveCount}.");

        if (dryRun)
        {
            await mediator.Send(new Review.CancelCommand(districtId, upload.ImportId), cancellationToken);
            await output.WriteLineAsync("Dry run: nothing was changed.");
            return 0;
        }

        await using var applying = VerbProgress.Start(output, "Applying");
        var applied = (await mediator.Send(new Review.Command(districtId, upload.ImportId, archive), cancellationToken))!;
        if (applied.Outcome != Review.ApplyOutcome.Applied)
            await mediator.Send(new Review.CancelCommand(districtId, upload.ImportId), cancellationToken);
        await applying.StopAsync();
        await output.WriteLineAsync(applied.Message);
        return applied.Outcome == Review.ApplyOutcome.Applied ? 0 : 1;
    }
}
