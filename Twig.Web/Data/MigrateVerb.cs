using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Data;

/// <summary><c>migrate</c>: brings the configured database's schema up to date (production's explicit step).</summary>
internal sealed class MigrateVerb : ICommandLineVerb
{
    public string Name => "migrate";
    public string Usage => "";
    public string Summary => "Apply pending database migrations to the database named by ConnectionStrings:Twig.";

    public async Task<int> RunAsync(VerbArguments arguments, IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.RejectUnknown(maxPositional: 0);
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        await output.WriteLineAsync("Database is up to date.");
        return 0;
    }
}
