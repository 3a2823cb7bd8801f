using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.OneRosterImport;

public static class OneRosterImportSetup
{
    public static IServiceCollection AddOneRosterImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<OneRosterOptions>(configuration.GetSection(OneRosterOptions.Section));
        services.AddSingleton<ICommandLineVerb, ImportOneRosterVerb>();
        services.AddSingleton<OneRosterPreviews>();
        services.AddSingleton<OneRosterPreparer>();
        services.AddSingleton<PackageFileProtector>();
        // The owner's pages live under /district/oneroster; a support admin reaches the same pages for any district.
        services.Configure<RazorPagesOptions>(options =>
        {
            options.Conventions.AddSupportPageRoute("/OneRosterImport/UploadPackage", "/support/districts/{districtId:int}/oneroster");
            options.Conventions.AddSupportPageRoute("/OneRosterImport/PackageReview",
                "/support/districts/{districtId:int}/oneroster/{importId:int}");
        });
        return services;
    }
}
