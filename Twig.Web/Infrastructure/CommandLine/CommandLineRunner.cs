using FluentValidation;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>Picks the verb named by the first argument and runs it; unknown verbs and bad arguments exit with 2.</summary>
public static class CommandLineRunner
{
    public const int UsageExitCode = 2;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var verbs = services.GetServices<ICommandLineVerb>().OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        var verb = verbs.FirstOrDefault(v => string.Equals(v.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (verb is null)
        {
            await error.WriteLineAsync($"Unknown command '{args[0]}'.");
            await WriteUsageAsync(verbs, error);
            return UsageExitCode;
        }

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().ActAs($"command line ({Environment.UserName})");
        try
        {
            return await verb.RunAsync(new VerbArguments(args.Skip(1)), scope.ServiceProvider, output, cancellationToken);
        }
        catch (CommandLineUsageException usage)
        {
            await error.WriteLineAsync(usage.Message);
            await error.WriteLineAsync($"Usage: Twig.Web {verb.Name} {verb.Usage}");
            return UsageExitCode;
        }
        catch (ValidationException invalid)
        {
            foreach (var failure in invalid.Errors) await error.WriteLineAsync(failure.ErrorMessage);
            return UsageExitCode;
        }
    }

    public static bool LooksLikeVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=');

    private static async Task WriteUsageAsync(IEnumerable<ICommandLineVerb> verbs, TextWriter writer)
    {
        await writer.WriteLineAsync("Usage: dotnet Twig.Web.dll <command> [arguments]   (or: dotnet run --project Twig.Web -- <command> ...)");
        await writer.WriteLineAsync("Commands:");
        foreach (var verb in verbs) await writer.WriteLineAsync($"  {verb.Name} {verb.Usage}\n      {verb.Summary}");
    }
}
