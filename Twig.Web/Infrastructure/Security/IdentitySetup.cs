using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Infrastructure.Security;

public static class IdentitySetup
{
    public static IServiceCollection AddTwigIdentity(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        // Before AddIdentity, which adds its own normalizer only when none is registered.
        services.AddSingleton<ILookupNormalizer, SignInNameNormalizer>();
        services.AddIdentity<TwigUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireDigit = false;
                options.Lockout.MaxFailedAccessAttempts = SignInLockout.MaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = SignInLockout.Duration;
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<TwigDb>()
            // Two-factor secrets encrypted at rest, and authenticator codes accepted once (replacing Identity's defaults).
            .AddUserStore<ProtectedUserStore>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider)
            .AddClaimsPrincipalFactory<TwigUserClaimsFactory>();

        services.AddTwigDataProtection(configuration);
        services.Configure<SessionOptions>(configuration.GetSection(SessionOptions.Section));
        // A reset link lives an hour at most; making a new one changes the security stamp, which voids older links.
        services.Configure<DataProtectionTokenProviderOptions>(tokens => tokens.TokenLifespan = TimeSpan.FromHours(1));

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "twig";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = environment.IsDevelopment() || environment.IsEnvironment("Testing")
                ? CookieSecurePolicy.SameAsRequest
                : CookieSecurePolicy.Always;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/error/403";
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                // A friendly 403 page rendered in place, not a redirect that hides the status.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            cookie.Events.OnRedirectToLogin = context =>
            {
                if (IsApiRequest(context.Request)) context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                // Someone who signs in with a username on their district's page is sent there, not to /login.
                else context.Response.Redirect(
                    SessionEnded.Redirect(context.HttpContext, DistrictSignInPage.Redirect(context.Request, context.RedirectUri)));
                return Task.CompletedTask;
            };
            cookie.Events.OnSigningIn = SignInSessions.OnSigningInAsync;
            cookie.Events.OnSigningOut = SignInSessions.OnSigningOutAsync;
            cookie.Events.OnValidatePrincipal = SignInSessions.ValidateAsync;
        });
        return services;
    }

    private static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") ||
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
}
