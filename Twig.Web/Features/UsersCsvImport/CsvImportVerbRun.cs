using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>
/// What <c>import-users</c> and <c>import-classes</c> do alike around their own preview lines, through the same upload,
/// preview and apply as the owner's pages: upload and preview with progress, list a refused file's errors, cancel a dry run,
/// apply, and cancel an import that did not apply (so no preview is left waiting). A command line has no page to time out:
/// it waits for a district a sync or another import holds as long as background work does.
/// </summary>
internal sealed class CsvImportVerbRun(ImportVerbInput input, IServiceProvider services, TextWriter output)
{
    private readonly IMediator _mediator = services.GetRequiredService<IMediator>();

    /// <summary>Uploads the file as <paramref name="command"/> builds it from the content, then reads its first page of review.</summary>
    public async Task<(Upload.Result Upload, Review.Result Review)> UploadAsync(
        Func<byte[], Upload.Command> command, CancellationToken cancellationToken)
    {
        await using var checking = VerbProgress.Start(output, $"Checking {input.FileName}");
        var content = await input.ReadAllBytesAsync(cancellationToken);
        var upload = (await _mediator.Send(command(content) with { LockWait = DistrictLock.Background }, cancellationToken))!;
        checking.Step("Building the preview");
        var review = (await _mediator.Send(new Review.Query(input.DistrictId, upload.ImportId, 1), cancellationToken))!;
        await checking.StopAsync();
        return (upload, review);
    }

    /// <param name="defaultFile">The file to name when an issue names none; null names none (users.csv alone).</param>
    public async Task<int> RefusedAsync(Upload.Result upload, Review.Result review, string? defaultFile,
        CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(upload.Message ?? upload.Status.ToString());
        var db = services.GetRequiredService<TwigDb>();
        await ImportErrorLines.WriteAsync(db, output, upload.ImportId, review.ErrorCount, defaultFile, cancellationToken);
        return 1;
    }

    public async Task<int> CancelDryRunAsync(int importId, CancellationToken cancellationToken)
    {
        await _mediator.Send(new Review.CancelCommand(input.DistrictId, importId), cancellationToken);
        await output.WriteLineAsync("Dry run: nothing was changed.");
        return 0;
    }

    public async Task<int> ApplyAsync(Review.Command apply, CancellationToken cancellationToken)
    {
        await using var applying = VerbProgress.Start(output, "Applying");
        var applied = (await _mediator.Send(apply with { LockWait = DistrictLock.Background }, cancellationToken))!;
        if (applied.Outcome != Review.ApplyOutcome.Applied)
            await _mediator.Send(new Review.CancelCommand(apply.DistrictId, apply.ImportId), cancellationToken);
        await applying.StopAsync();
        await output.WriteLineAsync(applied.Message);
        return applied.Outcome == Review.ApplyOutcome.Applied ? 0 : 1;
    }
}
