using System.CommandLine;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Features.CleverSync.Connections;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.CleverSync.CommandLine;

internal sealed class ApproveConnectionVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var cleverIdArgument = new Argument<string>("clever-district-id") { Description = "Clever's id of the district ('connections')." };
        var districtOption = new Option<string>("--district") { Description = "The Twig district's slug to link it to.", Required = true };
        var createOption = new Option<bool>("--create") { Description = "Create that district first (needs --name and --seats)." };
        var nameOption = new Option<string?>("--name") { Description = "The new district's name (with --create)." };
        var seatsOption = VerbSymbols.WholeNumber("--seats", "The new district's licensed student seats (with --create).", required: false);
        var noInitialSyncOption = new Option<bool>("--no-initial-sync") { Description = "Approve without queueing the initial sync." };
        var verb = new Command("approve-connection",
            "Link a pending Clever connection to a Twig district (or create it) and approve it; queues the initial sync.")
        {
            cleverIdArgument, districtOption, createOption, nameOption, seatsOption, noInitialSyncOption,
        };
        verb.Validators.Add(result =>
        {
            if (!result.GetValue(createOption)) return;
            if (result.GetResult(nameOption) is null) result.AddError("Option '--name' is required with --create.");
            if (result.GetResult(seatsOption) is null) result.AddError("Option '--seats' is required with --create.");
        });
        context.SetAction(verb, (arguments, services, output, cancellationToken) => RunAsync(new Arguments
        {
            CleverId = arguments.GetRequiredValue(cleverIdArgument),
            Slug = arguments.GetRequiredValue(districtOption),
            Create = arguments.GetValue(createOption),
            Name = arguments.GetValue(nameOption),
            Seats = arguments.GetValue(createOption) ? arguments.GetValue(seatsOption) : null,
            NoInitialSync = arguments.GetValue(noInitialSyncOption),
        }, services, output, cancellationToken));
        return verb;
    }

    private sealed record Arguments
    {
        public required string CleverId { get; init; }
        public required string Slug { get; init; }
        public bool Create { get; init; }
        public string? Name { get; init; }
        public int? Seats { get; init; }
        public bool NoInitialSync { get; init; }
    }

    private static async Task<int> RunAsync(Arguments arguments, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        var (cleverId, slug, create, name, seats, noInitialSync) =
            (arguments.CleverId, arguments.Slug, arguments.Create, arguments.Name, arguments.Seats, arguments.NoInitialSync);

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
                // The operator names both the Clever id and the Twig slug: that is the confirmation the page asks for.
                RunInitialSync = !noInitialSync, ConfirmedSlug = slug,
            }, cancellationToken);
        await output.WriteLineAsync($"Approved: Clever district {cleverId} is now linked to '{slug}'.");
        await output.WriteLineAsync(result.InitialRunId is { } run ? $"Initial sync queued as run {run}." : result.Note
            ?? "No initial sync was queued.");
        return 0;
    }
}
