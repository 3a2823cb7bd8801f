using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.CommandLine;

namespace Twig.Web.Features.DistrictAdmin;

public static class DistrictAdminSetup
{
    public static IServiceCollection AddDistrictAdmin(this IServiceCollection services)
    {
        services.AddSingleton<ICommandLineVerb, CreateDistrictVerb>();
        services.AddSingleton<ICommandLineVerb, CreateStaffAccountVerb>();
        services.AddSingleton<IStartupContributor, DemoDataAtStartup>();
        return services;
    }
}
