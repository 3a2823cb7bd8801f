using System.CommandLine;
using Mediator;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DistrictAdmin;

internal sealed class CreateDistrictVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var name = new Option<string>("--name") { Description = "The district's name as people see it.", Required = true };
        var slug = new Option<string>("--slug") { Description = "The short name in its addresses (e.g. springfield).", Required = true };
        var seats = VerbSymbols.WholeNumber("--seats", "Licensed student seats of its active subscription.", required: true);
        var source = new Option<string?>("--source") { Description = "Where its roster comes from (the default: clever)." };
        source.AcceptOnly(StringComparer.OrdinalIgnoreCase, "clever", "csv", "oneroster");
        var verb = new Command("create-district", "Create a district with an active subscription of student seats.")
        {
            name, slug, seats, source,
        };
        context.SetAction(verb, (arguments, services, output, cancellationToken) => RunAsync(
            new CreateDistrict.Command(arguments.GetRequiredValue(name), arguments.GetRequiredValue(slug), arguments.GetValue(seats),
                arguments.GetValue(source) is { } text ? Enum.Parse<Twig.Web.Domain.RosterSource>(text, ignoreCase: true) : null),
            services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(CreateDistrict.Command command, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<IMediator>().Send(command, cancellationToken);
        await output.WriteLineAsync($"Created district '{result.Slug}' (id {result.DistrictId}) with {command.Seats} seats.");
        return 0;
    }
}
