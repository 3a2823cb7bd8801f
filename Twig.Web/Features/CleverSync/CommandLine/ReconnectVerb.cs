using System.CommandLine;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

/// <summary>Checks a district's Clever token against Clever's listing now, and reconnects it when Clever lists it.</summary>
internal sealed class ReconnectVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var slugArgument = VerbSymbols.DistrictSlug();
        var verb = new Command("reconnect",
            "Re-check the district's Clever connection with Clever now; connected again if Clever lists it (exit 1 if not).")
        {
            slugArgument,
        };
        context.SetAction(verb, (arguments, services, output, cancellationToken) =>
            RunAsync(arguments.GetRequiredValue(slugArgument), services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(string slug, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var districtId = await VerbInputs.DistrictIdAsync(services.GetRequiredService<TwigDb>(), slug, cancellationToken);
        var result = await services.GetRequiredService<IMediator>()
            .Send(new CheckConnection.Command(districtId, Audited: true), cancellationToken);
        await output.WriteLineAsync($"{slug}: Clever {result.State?.ToString() ?? "not connected"}. {result.Message}");
        return result.Connected ? 0 : 1;
    }
}
