using System.CommandLine;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Data;

/// <summary><c>migrate</c>: brings the configured database's schema up to date (production's explicit step).</summary>
internal sealed class MigrateVerb : ICommandLineVerb
{
    public Command Build(VerbContext context)
    {
        var command = new Command("migrate", "Apply pending database migrations to the database named by ConnectionStrings:Twig.");
        context.SetAction(command, (_, services, output, cancellationToken) => RunAsync(services, output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        await output.WriteLineAsync("Database is up to date.");
        return 0;
    }
}
