using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Server.Kestrel.Core;
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
            .AddMvcOptions(mvc =>
            {
                mvc.Filters.Add<ValidationFailurePageFilter>();
                // Authorization checks the ids in the URL, so handlers must bind those ids from the URL. MVC reads the form
                // before the route by default: a body field "districtId" (sent even with a GET) would reach another district.
                var route = mvc.ValueProviderFactories.OfType<RouteValueProviderFactory>().Single();
                mvc.ValueProviderFactories.Remove(route);
                mvc.ValueProviderFactories.Insert(0, route);
            });
        services.AddAntiforgery(o => o.Cookie.Name = "twig-af");
        // Outside Development and the test host the antiforgery cookie travels over HTTPS only, like the sign-in cookie.
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment>((o, environment) =>
            o.Cookie.SecurePolicy = environment.IsDevelopmentOrTest() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        // No "Server: Kestrel" header telling a visitor what to aim at.
        services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        // Behind a TLS-terminating proxy Twig listens on HTTP only, so the public HTTPS port is configuration (default 443).
        services.AddOptions<HttpsRedirectionOptions>().Configure<IConfiguration>((o, configuration) =>
            o.HttpsPort = configuration.GetValue("Https:Port", 443));
        services.AddHttpContextAccessor();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddScoped<CurrentActor>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<Times.ViewerTimeZone>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static WebApplication UseTwigWeb(this WebApplication app)
    {
        // First: every later step (HTTPS redirection, rate limits, audit, OAuth redirect URIs) sees the real client and scheme.
        app.UseForwardedHeaders();
        app.UseExceptionHandler("/error/500");
        if (app.Configuration.GetValue("Https:Required", !app.Environment.IsDevelopmentOrTest()))
        {
            app.UseHsts();
            // Health probes from the load balancer may use plain HTTP on the private network.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), branch => branch.UseHttpsRedirection());
        }
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
