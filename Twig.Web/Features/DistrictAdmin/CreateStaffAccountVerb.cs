using Mediator;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DistrictAdmin;

internal sealed class CreateStaffAccountVerb : ICommandLineVerb
{
    public string Name => "create-staff";
    public string Usage => "--email E --role Support|SupportAdmin";
    public string Summary => "Create a Twig staff account and print its one-time password.";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var command = new CreateStaffAccount.Command(arguments.Required("email"), arguments.Required("role"));
        arguments.RejectUnknown(maxPositional: 0);
        var result = await services.GetRequiredService<IMediator>().Send(command, cancellationToken);
        await output.WriteLineAsync($"Created {command.Role} account {command.Email}.");
        await output.WriteLineAsync($"One-time password (shown once; Twig asks for a new password and two-factor enrolment at the first sign-in): {result.OneTimePassword}");
        return 0;
    }
}
