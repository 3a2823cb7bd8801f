using System.CommandLine;
using Mediator;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DistrictAdmin;

internal sealed class CreateStaffAccountVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var email = new Option<string>("--email") { Description = "The staff member's e-mail address.", Required = true };
        var role = new Option<string>("--role") { Description = "The staff role.", Required = true };
        role.AcceptOnly(StringComparer.Ordinal, TwigRoles.Support, TwigRoles.SupportAdmin);
        var verb = new Command("create-staff", "Create a Twig staff account and print its one-time password.") { email, role };
        context.SetAction(verb, (arguments, services, output, cancellationToken) => RunAsync(
            new CreateStaffAccount.Command(arguments.GetRequiredValue(email), arguments.GetRequiredValue(role)),
            services, output, cancellationToken));
        return verb;
    }

    private static async Task<int> RunAsync(CreateStaffAccount.Command command, IServiceProvider services, TextWriter output,
        CancellationToken cancellationToken)
    {
        var result = await services.GetRequiredService<IMediator>().Send(command, cancellationToken);
        await output.WriteLineAsync($"Created {command.Role} account {command.Email}.");
        await output.WriteLineAsync("One-time password (shown once; Twig asks for a new password and two-factor enrolment at the first " +
            $"sign-in): {result.OneTimePassword}");
        return 0;
    }
}
