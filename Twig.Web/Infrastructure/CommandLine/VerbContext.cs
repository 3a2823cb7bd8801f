using System.CommandLine;
using FluentValidation;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>A verb's work: typed values from the parse, its own service scope, and the output to write to.</summary>
public delegate Task<int> VerbAction(
    ParseResult arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken);

/// <summary>
/// What one invocation gives the verbs while they build their commands: the app's services and the two writers.
/// <see cref="SetAction"/> runs the verb's work in its own scope as the command-line actor and turns the usage
/// problems only the work can see (unknown slug, validation failures) into exit code 2.
/// </summary>
public sealed class VerbContext(IServiceProvider services, TextWriter output, TextWriter error)
{
    public void SetAction(Command command, VerbAction action) =>
        command.SetAction((arguments, cancellationToken) => RunAsync(command, arguments, action, cancellationToken));

    private async Task<int> RunAsync(Command command, ParseResult arguments, VerbAction action, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().ActAs($"command line ({Environment.UserName})");
        try
        {
            return await action(arguments, scope.ServiceProvider, output, cancellationToken);
        }
        catch (CommandLineUsageException usage)
        {
            await error.WriteLineAsync(usage.Message);
            await error.WriteLineAsync($"See 'dotnet Twig.Web.dll {command.Name} --help' for its usage.");
            return CommandLineRunner.UsageExitCode;
        }
        catch (ValidationException invalid)
        {
            foreach (var failure in invalid.Errors) await error.WriteLineAsync(failure.ErrorMessage);
            return CommandLineRunner.UsageExitCode;
        }
        catch (Data.DistrictBusyException busy)
        {
            // A sync or an import held the district past the verb's wait: said in one line, not as a stack trace.
            await error.WriteLineAsync(busy.Message);
            return 1;
        }
    }
}
