using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

/// <summary>Checks a district's Clever token against Clever's listing now, and reconnects it when Clever lists it.</summary>
internal sealed class ReconnectVerb : ICommandLineVerb
{
    public string Name => "reconnect";
    public string Usage => "<district-slug>";
    public string Summary => "Re-check the district's Clever connection with Clever now; connected again if Clever lists it (exit 1 if not).";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var slug = arguments.Positional(0, "district-slug");
        arguments.RejectUnknown(maxPositional: 1);
        var districtId = await services.GetRequiredService<TwigDb>().Districts.Where(d => d.Slug == slug)
            .Select(d => (int?)d.Id).SingleOrDefaultAsync(cancellationToken);
        if (districtId is null)
        {
            await Console.Error.WriteLineAsync($"There is no district with the slug '{slug}'.");
            return CommandLineRunner.UsageExitCode;
        }
        var result = await services.GetRequiredService<IMediator>().Send(new CheckConnection.Command(districtId.Value, Audited: true), cancellationToken);
        await output.WriteLineAsync($"{slug}: Clever {result.State?.ToString() ?? "not connected"}. {result.Message}");
        return result.Connected ? 0 : 1;
    }
}
