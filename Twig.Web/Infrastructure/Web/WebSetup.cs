using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Twig.Web.Data;

namespace Twig.Web.Infrastructure.Web;

public static class WebSetup
{
    public static IServiceCollection AddTwigWeb(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Features";
                options.Conventions.AuthorizeFolder("/");
                options.Conventions.AllowAnonymousToPage("/Index");
                options.Conventions.AllowAnonymousToPage("/Errors/Error");
            })
            .AddMvcOptions(mvc => mvc.Filters.Add<ValidationFailurePageFilter>());
        services.AddAntiforgery(o => o.Cookie.Name = "twig-af");
        services.AddHttpContextAccessor();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddScoped<CurrentActor>();
        services.AddScoped<AuditTrail>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static WebApplication UseTwigWeb(this WebApplication app)
    {
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseTwigSecurityHeaders();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }
}
