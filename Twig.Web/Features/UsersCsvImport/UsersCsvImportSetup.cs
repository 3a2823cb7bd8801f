using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Scheduling;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>Limits of an upload (configuration section <c>UsersCsvImport</c>).</summary>
public sealed class UsersCsvImportOptions
{
    public const string Section = "UsersCsvImport";
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;
    public int MaxRows { get; set; } = 200_000;
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>PBKDF2 iterations for the passwords of CSV people; Identity's default unless an operator trades strength for import
    /// speed.</summary>
    public int PasswordHashIterations { get; set; } = new PasswordHasherOptions().IterationCount;
}

public static class UsersCsvImportSetup
{
    public static IServiceCollection AddUsersCsvImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<UsersCsvImportOptions>(configuration.GetSection(UsersCsvImportOptions.Section));
        services.AddSingleton<IPasswordHasher<Person>>(sp => new PasswordHasher<Person>(Options.Create(new PasswordHasherOptions
        {
            IterationCount = Math.Max(10_000, sp.GetRequiredService<IOptions<UsersCsvImportOptions>>().Value.PasswordHashIterations),
        })));
        services.AddSingleton<ICommandLineVerb, ImportUsersVerb>();
        services.AddSingleton<ICommandLineVerb, ImportClassesVerb>();
        services.AddSingleton<PreviewFileProtector>();
        services.AddSingleton<KeptRows>();
        services.AddTransient<ImportMaintenance.Invocable>();
        services.AddSingleton<IScheduleContributor, UsersCsvImportSchedule>();
        // The owner's pages live under /district/import; support reaches the same pages for any district.
        services.Configure<RazorPagesOptions>(options =>
        {
            options.Conventions.AddSupportPageRoute("/UsersCsvImport/Upload", "/support/districts/{districtId:int}/import");
            options.Conventions.AddSupportPageRoute("/UsersCsvImport/Review", "/support/districts/{districtId:int}/import/{importId:int}");
            options.Conventions.AddSupportPageRoute("/UsersCsvImport/History", "/support/districts/{districtId:int}/import/history");
        });
        return services;
    }
}

/// <summary>Expired previews and their files are swept every five minutes.</summary>
public sealed class UsersCsvImportSchedule : IScheduleContributor
{
    public void Schedule(TwigSchedule schedule) => schedule.Job<ImportMaintenance.Invocable>(at => at.EveryFiveMinutes());
}
