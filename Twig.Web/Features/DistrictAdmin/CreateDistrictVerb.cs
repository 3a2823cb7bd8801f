using Mediator;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DistrictAdmin;

internal sealed class CreateDistrictVerb : ICommandLineVerb
{
    public string Name => "create-district";
    public string Usage => "--name N --slug S --seats K [--source clever|csv|oneroster]";
    public string Summary => "Create a district with an active subscription of K student seats, rostered from the given source.";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var sourceText = arguments.Optional("source");
        Twig.Web.Domain.RosterSource? source = sourceText is null ? null
            : Enum.TryParse<Twig.Web.Domain.RosterSource>(sourceText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(sourceText, out _) ? parsed
            : throw new CommandLineUsageException("--source must be clever, csv or oneroster.");
        var command = new CreateDistrict.Command(arguments.Required("name"), arguments.Required("slug"), arguments.RequiredInt("seats"), source);
        arguments.RejectUnknown(maxPositional: 0);
        var result = await services.GetRequiredService<IMediator>().Send(command, cancellationToken);
        await output.WriteLineAsync($"Created district '{result.Slug}' (id {result.DistrictId}) with {command.Seats} seats.");
        return 0;
    }
}
