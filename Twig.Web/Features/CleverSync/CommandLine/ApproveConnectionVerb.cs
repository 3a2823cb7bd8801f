using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

internal sealed class ApproveConnectionVerb : ICommandLineVerb
{
    public string Name => "approve-connection";
    public string Usage => "<clever-district-id> --district <slug> [--create --name N --seats K] [--no-initial-sync]";
    public string Summary => "Link a pending Clever connection to a Twig district (or create it) and approve it; queues the initial sync.";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var cleverId = arguments.Positional(0, "clever-district-id");
        var slug = arguments.Required("district");
        var create = arguments.Flag("create");
        var name = create ? arguments.Required("name") : arguments.Optional("name");
        int? seats = create ? arguments.RequiredInt("seats") : null;
        var noInitialSync = arguments.Flag("no-initial-sync");
        arguments.RejectUnknown(maxPositional: 1);

        var connectionId = await services.GetRequiredService<TwigDb>().CleverConnections
            .Where(c => c.CleverDistrictId == cleverId).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);
        if (connectionId is null)
        {
            await Console.Error.WriteLineAsync($"No Clever connection {cleverId} is known. Run 'connections' to ask Clever for new ones.");
            return CommandLineRunner.UsageExitCode;
        }
        var result = await services.GetRequiredService<IMediator>().Send(
            new ApproveConnection.Command
            {
                ConnectionId = connectionId.Value, DistrictSlug = slug, CreateDistrict = create, NewName = name, NewSeats = seats,
                RunInitialSync = !noInitialSync,
            }, cancellationToken);
        await output.WriteLineAsync($"Approved: Clever district {cleverId} is now linked to '{slug}'.");
        await output.WriteLineAsync(result.InitialRunId is { } run ? $"Initial sync queued as run {run}." : result.Note ?? "No initial sync was queued.");
        return 0;
    }
}
