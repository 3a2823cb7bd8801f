namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>One operator command on the app's own binary (<c>dotnet Twig.Web.dll VERB ...</c>), with the app's configuration and services.</summary>
public interface ICommandLineVerb
{
    string Name { get; }
    /// <summary>The argument synopsis shown in usage text, e.g. <c>--email E --role Support|SupportAdmin</c>.</summary>
    string Usage { get; }
    string Summary { get; }
    /// <summary>Runs in its own service scope; returns the process exit code.</summary>
    Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken);
}
