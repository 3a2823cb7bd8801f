using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Twig.Web.Domain;
using Twig.Web.Infrastructure.CommandLine;
using Twig.Web.Infrastructure.Scheduling;

namespace Twig.Web.Features.UsersCsvImport;

/// <summary>Limits of an upload (configuration section <c>UsersCsvImport</c>).</summary>
public sealed class UsersCsvImportOptions
{
    public const string Section = "UsersCsvImport";
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;
    public int MaxRows { get; set; } = 200_000;
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>PBKDF2 iterations for the passwords of CSV people; Identity's default unless an operator trades strength for import speed.</summary>
    public int PasswordHashIterations { get; set; } = new PasswordHasherOptions().IterationCount;
}

public static class UsersCsvImportSetup
{
    public const string OwnerBase = "/district/import";

    public static string SupportBase(int districtId) => $"/support/districts/{districtId}/import";

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
        services.AddTransient<ImportMaintenance.Invocable>();
        services.AddSingleton<IScheduleContributor, UsersCsvImportSchedule>();
        // The owner's pages live under /district/import; support reaches the same pages for any district.
        services.Configure<RazorPagesOptions>(options =>
        {
            options.Conventions.AddPageRoute("/UsersCsvImport/Upload", "/support/districts/{districtId:int}/import");
            options.Conventions.AddPageRoute("/UsersCsvImport/Review", "/support/districts/{districtId:int}/import/{importId:int}");
            options.Conventions.AddPageRoute("/UsersCsvImport/History", "/support/districts/{districtId:int}/import/history");
        });
        return services;
    }
}

/// <summary>Expired previews and their files are swept every five minutes.</summary>
public sealed class UsersCsvImportSchedule : IScheduleContributor
{
    public void Schedule(TwigSchedule schedule) => schedule.Job<ImportMaintenance.Invocable>(at => at.EveryFiveMinutes());
}

/// <summary>
/// Lets an upload as large as the configured limit (plus room to refuse a larger one with a clear message) reach the page,
/// but only from a visitor who may upload to this district (its owner, or a support admin): anyone else is refused before
/// a byte of the body is read. Runs before antiforgery, which is the first to read the form.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class UploadLimitsAttribute : Attribute, IFilterFactory, IOrderedFilter
{
    public int Order => 900;
    public bool IsReusable => true;

    public IFilterMetadata CreateInstance(IServiceProvider serviceProvider) =>
        new Filter(serviceProvider.GetRequiredService<IOptions<UsersCsvImportOptions>>().Value);

    private sealed class Filter(UsersCsvImportOptions options) : IAsyncAuthorizationFilter
    {
        public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsPost(http.Request.Method)) return;
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            if (await ImportAccess.ResolveAsync(http.User, context.RouteData, authorization) is not { CanManage: true })
            {
                context.Result = new ForbidResult();
                return;
            }
            var allowed = options.MaxFileBytes + Math.Max(options.MaxFileBytes, 16L * 1024 * 1024);
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = allowed;
            if (http.Features.Get<IFormFeature>()?.Form is null)
                http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = allowed }));
        }
    }
}
