using System.CommandLine;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

internal sealed class ConnectionsVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var verb = new Command("connections", "Ask Clever for district connections now and list every connection with its state.");
        context.SetAction(verb, (_, services, output, cancellationToken) => RunAsync(services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var found = await services.GetRequiredService<IMediator>().Send(new DiscoverConnections.Command(), cancellationToken);
        await output.WriteLineAsync(found.Summary());
        var connections = await services.GetRequiredService<TwigDb>().CleverConnections.AsNoTracking()
            .OrderByName(c => c.CleverDistrictName)
            .Select(c => new
            {
                c.CleverDistrictId, c.CleverDistrictName, c.State, Slug = c.District == null ? null : c.District.Slug,
                c.StateReason
            })
            .ToListAsync(cancellationToken);
        foreach (var c in connections)
            await output.WriteLineAsync($"{c.CleverDistrictId}  {c.State,-16} {c.CleverDistrictName}" +
                $"{(c.Slug is null ? "" : $" → {c.Slug}")}{(c.StateReason is null ? "" : $" ({c.StateReason})")}");
        return 0;
    }
}
