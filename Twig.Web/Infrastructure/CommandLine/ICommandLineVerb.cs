using System.CommandLine;

namespace Twig.Web.Infrastructure.CommandLine;

/// <summary>
/// One operator command on the app's own binary (<c>dotnet Twig.Web.dll VERB ...</c>), with the app's configuration and
/// services. The verb lives in its feature's folder and builds its own System.CommandLine <see cref="Command"/>: name,
/// help text, typed arguments and options, and the work it hands to <see cref="VerbContext.SetAction"/>.
/// </summary>
public interface ICommandLineVerb
{
    /// <summary>Builds a fresh command for one invocation (the parser's symbols are not shared between runs).</summary>
    Command Build(VerbContext context);
}
