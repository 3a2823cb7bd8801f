using Microsoft.AspNetCore.Mvc.RazorPages;
using Twig.Web.Infrastructure.CommandLine;

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
            options.Conventions.AddPageRoute("/OneRosterImport/UploadPackage", "/support/districts/{districtId:int}/oneroster");
            options.Conventions.AddPageRoute("/OneRosterImport/PackageReview", "/support/districts/{districtId:int}/oneroster/{importId:int}");
        });
        return services;
    }
}
