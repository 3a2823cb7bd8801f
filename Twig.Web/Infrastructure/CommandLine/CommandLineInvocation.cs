using System.CommandLine;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>
/// Parsed arguments, ready to run. Program asks <see cref="RunsVerb"/> first: help and usage errors need no database,
/// so they answer before start-up work (migrations, the sandbox) runs.
/// </summary>
public sealed class CommandLineInvocation(ParseResult parsed, TextWriter output, TextWriter error)
{
    /// <summary>True when the arguments ask for a verb's work, not for help, the version or a usage error.</summary>
    public bool RunsVerb =>
        parsed.Errors.Count == 0 && parsed.Action is { } action && ReferenceEquals(action, parsed.CommandResult.Command.Action);

    public async Task<int> InvokeAsync(CancellationToken cancellationToken)
    {
        // The parser's own error action exits with 1, which means "refused" here: usage errors are reported as 2.
        if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true }) return await ReportUsageErrorAsync();
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parsed.InvokeAsync(configuration, cancellationToken);
    }

    private async Task<int> ReportUsageErrorAsync()
    {
        var command = parsed.CommandResult.Command;
        if (command is RootCommand && parsed.UnmatchedTokens.FirstOrDefault() is { } unknown && !unknown.StartsWith('-'))
            await error.WriteLineAsync($"Unknown command '{unknown}'.");
        else
            foreach (var problem in parsed.Errors) await error.WriteLineAsync(problem.Message);
        await error.WriteLineAsync();
        // The usage of the verb (or the list of verbs) goes to the error output with the errors, from the parser's help.
        var root = parsed.RootCommandResult.Command;
        string[] help = command is RootCommand ? ["--help"] : [command.Name, "--help"];
        await root.Parse(help).InvokeAsync(new InvocationConfiguration { Output = error, Error = error });
        return CommandLineRunner.UsageExitCode;
    }
}
