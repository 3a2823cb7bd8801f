using System.CommandLine;
using System.CommandLine.Help;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>
/// Builds the tool's System.CommandLine tree from every registered <see cref="ICommandLineVerb"/> and parses the arguments.
/// Exit codes: 0 done, 1 refused (the verb says why), 2 usage (a parse error, an unknown verb, a slug that names nothing).
/// </summary>
public static class CommandLineRunner
{
    public const int UsageExitCode = 2;

    /// <summary>The tool's own options, which ask for the command line rather than the web host.</summary>
    private static readonly HashSet<string> ToolOptions = new(StringComparer.Ordinal) { "--help", "-h", "-?", "--version" };

    /// <summary>
    /// A first argument that names a verb (or asks for the tool's help) runs the command line; anything else serves Twig.
    /// </summary>
    public static bool LooksLikeVerb(string[] args) =>
        args.Length > 0 && (ToolOptions.Contains(args[0]) || (!args[0].StartsWith('-') && !args[0].Contains('=')));

    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error,
        CancellationToken cancellationToken) =>
        Parse(services, args, output, error).InvokeAsync(cancellationToken);

    public static CommandLineInvocation Parse(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var context = new VerbContext(services, output, error);
        var root = new RootCommand("Twig's operator commands, run with the app's configuration (appsettings, environment variables).");
        var commands = services.GetServices<ICommandLineVerb>().Select(v => v.Build(context));
        foreach (var command in commands.OrderBy(c => c.Name, StringComparer.Ordinal)) root.Add(command);
        // Help wraps at the terminal's width, and at a steady width when redirected (logs, tests).
        foreach (var help in root.Options.OfType<HelpOption>()) ((HelpAction)help.Action!).MaxWidth = HelpWidth;
        // Paths may start with '@': no response files.
        var parsed = root.Parse(WithVerbNameAsDeclared(root, args), new ParserConfiguration { ResponseFileTokenReplacer = null });
        return new CommandLineInvocation(parsed, output, error);
    }

    internal static int HelpWidth => Console.IsOutputRedirected || Console.WindowWidth < 40 ? 120 : Console.WindowWidth;

    /// <summary>Verb names were always matched ignoring case (<c>MIGRATE</c> works); options keep the parser's exact names.</summary>
    private static string[] WithVerbNameAsDeclared(RootCommand root, string[] args)
    {
        if (args.Length == 0) return args;
        var verb = root.Subcommands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        return verb is null ? args : [verb.Name, .. args[1..]];
    }
}
