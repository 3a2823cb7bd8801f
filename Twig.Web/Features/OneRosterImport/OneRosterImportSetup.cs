using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.OneRosterImport;

public static class OneRosterImportSetup
{
    public static IServiceCollection AddOneRosterImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OneRosterOptions>(configuration.GetSection(OneRosterOptions.Section));
        services.AddSingleton<ICommandLineVerb, ImportOneRosterVerb>();
        services.AddSingleton<OneRosterPreviews>();
        return services;
    }
}
