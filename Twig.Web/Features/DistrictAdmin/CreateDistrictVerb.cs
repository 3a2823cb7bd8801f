using Mediator;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DistrictAdmin;

internal sealed class CreateDistrictVerb : ICommandLineVerb
{
    public string Name => "create-district";
    public string Usage => "--name N --slug S --seats K";
    public string Summary => "Create a district with an active subscription of K student seats.";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var command = new CreateDistrict.Command(arguments.Required("name"), arguments.Required("slug"), arguments.RequiredInt("seats"));
        arguments.RejectUnknown(maxPositional: 0);
        var result = await services.GetRequiredService<IMediator>().Send(command, cancellationToken);
        await output.WriteLineAsync($"Created district '{result.Slug}' (id {result.DistrictId}) with {command.Seats} seats.");
        return 0;
    }
}
