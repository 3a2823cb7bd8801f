using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

internal sealed class ConnectionsVerb : ICommandLineVerb
{
    public string Name => "connections";
    public string Usage => "";
    public string Summary => "Ask Clever for district connections now and list every connection with its state.";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.RejectUnknown(maxPositional: 0);
        var found = await services.GetRequiredService<IMediator>().Send(new DiscoverConnections.Command(), cancellationToken);
        await output.WriteLineAsync($"Clever lists {found.Found} connected district(s): {found.New} new, {found.Rotated} token(s) rotated, {found.Disconnected} disconnected.");
        var connections = await services.GetRequiredService<TwigDb>().CleverConnections.AsNoTracking()
            .OrderBy(c => c.CleverDistrictName)
            .Select(c => new { c.CleverDistrictId, c.CleverDistrictName, c.State, Slug = c.District == null ? null : c.District.Slug, c.StateReason })
            .ToListAsync(cancellationToken);
        foreach (var c in connections)
            await output.WriteLineAsync($"{c.CleverDistrictId}  {c.State,-16} {c.CleverDistrictName}{(c.Slug is null ? "" : $" → {c.Slug}")}{(c.StateReason is null ? "" : $" ({c.StateReason})")}");
        return 0;
    }
}
