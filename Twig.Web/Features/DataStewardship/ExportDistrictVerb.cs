using System.CommandLine;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DataStewardship;

/// <summary><c>export-district SLUG FILE.zip</c>: builds the district's export now and writes the zip. Exit 0 written, 1 refused, 2
/// usage.</summary>
internal sealed class ExportDistrictVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var slugArgument = VerbSymbols.DistrictSlug("slug");
        var file = VerbSymbols.File("file.zip", "Where to write the zip.");
        var verb = new Command("export-district",
            "Write a zip of the district's schools, people, sections, enrollments and sync/import history (CSV files).")
        {
            slugArgument, file,
        };
        context.SetAction(verb, (arguments, services, output, cancellationToken) => RunAsync(
            District.NormalizeSlug(arguments.GetRequiredValue(slugArgument)), arguments.GetRequiredValue(file),
            services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(string slug, string path, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TwigDb>();
        var districtId = await db.Districts.Where(d => d.Slug == slug).Select(d => (int?)d.Id).SingleOrDefaultAsync(cancellationToken);
        if (districtId is null)
        {
            await output.WriteLineAsync($"Refused: there is no district '{slug}'.");
            return 1;
        }
        var mediator = services.GetRequiredService<IMediator>();
        RequestExport.Result requested;
        try
        {
            requested = await mediator.Send(new RequestExport.Command(districtId.Value), cancellationToken);
        }
        catch (ValidationException refused)
        {
            await output.WriteLineAsync("Refused: " + string.Join(" ", refused.Errors.Select(e => e.ErrorMessage)));
            return 1;
        }
        await mediator.Send(new BuildExport.Command(requested.ExportId, $"command line {Environment.ProcessId}"), cancellationToken);
        var download = await mediator.Send(new DownloadExport.Command(districtId.Value, requested.ExportId), cancellationToken);
        if (download is null)
        {
            await output.WriteLineAsync("Refused: the export could not be built (another instance may be building it); see the logs.");
            return 1;
        }
        await File.WriteAllBytesAsync(path, download.Content, cancellationToken);
        var hash = await db.DistrictExports.Where(e => e.Id == requested.ExportId).Select(e => e.Sha256).SingleAsync(cancellationToken);
        await output.WriteLineAsync($"Wrote {download.Content.Length} bytes to {path} (SHA-256 {hash}).");
        return 0;
    }
}
