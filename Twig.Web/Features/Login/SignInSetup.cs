using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Identity;
using Twig.Web.Features.Login.Clever;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Scheduling;
using Twig.Web.Infrastructure.Web;

namespace Twig.Web.Features.Login;

/// <summary>
/// Sign-in for rostered people: Twig's Clever handler and the stock Google handler, both signing into the one
/// application cookie after Twig has decided who may come in; and the rate limit on the local login POST.
/// A provider without a <c>ClientId</c> is not registered, and its button is not shown.
/// </summary>
public static class SignInSetup
{
    public const string LoginRateLimitPolicy = "login";

    public static IServiceCollection AddTwigSignIn(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        // The callbacks are top-level GET navigations, so Lax correlation cookies come back; over plain HTTP (development,
        // tests) a SameSite=None cookie without Secure would be dropped by browsers.
        var correlation = !environment.IsDevelopmentOrTest() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        var auth = services.AddAuthentication();
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(mvc => mvc.Filters.Add(new AccountSteps()));
        services.AddScoped<CleverSignIn.Events>();
        services.AddScoped<StaffLockout>();
        services.AddScoped<GoogleSignIn.Events>();
        services.AddTransient<SessionSweep.Invocable>();
        services.AddSingleton<IScheduleContributor, SignInSchedule>();

        var clever = configuration.GetSection("Clever");
        if (!string.IsNullOrEmpty(clever["ClientId"]))
        {
            auth.AddClever(options =>
            {
                options.ClientId = clever["ClientId"]!;
                options.ClientSecret = clever["ClientSecret"] ?? "";
                options.OAuthBaseUrl = clever["OAuthBaseUrl"] is { Length: > 0 } oauth ? oauth : "https://clever.com";
                options.ApiBaseUrl = clever["ApiBaseUrl"] is { Length: > 0 } api ? api : "https://api.clever.com";
                options.SignInScheme = IdentityConstants.ApplicationScheme;
                options.CorrelationCookie.SecurePolicy = correlation;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.EventsType = typeof(CleverSignIn.Events);
            });
        }

        var google = configuration.GetSection("Google");
        if (!string.IsNullOrEmpty(google["ClientId"]))
        {
            auth.AddGoogle(options =>
            {
                options.ClientId = google["ClientId"]!;
                options.ClientSecret = google["ClientSecret"] ?? "";
                if (google["AuthorizationEndpoint"] is { Length: > 0 } authorize) options.AuthorizationEndpoint = authorize;
                if (google["TokenEndpoint"] is { Length: > 0 } tokens) options.TokenEndpoint = tokens;
                if (google["UserInformationEndpoint"] is { Length: > 0 } userInfo) options.UserInformationEndpoint = userInfo;
                options.SignInScheme = IdentityConstants.ApplicationScheme;
                options.CorrelationCookie.SecurePolicy = correlation;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                options.EventsType = typeof(GoogleSignIn.Events);
                options.ClaimActions.MapCustomJson(GoogleSignIn.SubjectClaim, user =>
                    user.TryGetProperty("sub", out var sub) ? sub.GetString() : user.TryGetProperty("id", out var id) ? id.GetString()
                        : null);
                options.ClaimActions.MapJsonKey(GoogleSignIn.HostedDomainClaim, "hd");
                options.ClaimActions.MapCustomJson(GoogleSignIn.VerifiedClaim, user =>
                    (user.TryGetProperty("email_verified", out var verified) || user.TryGetProperty("verified_email", out verified))
                    && (verified.ValueKind == JsonValueKind.True
                        || (verified.ValueKind == JsonValueKind.String && verified.GetString() == "true"))
                        ? "true" : "false");
            });
            // Endpoints may be paths (the sandbox); they are resolved at first use, once Twig listens. The stock handler
            // parses the authorize URL, so that one is made absolute too.
            services.AddOptions<GoogleOptions>(GoogleDefaults.AuthenticationScheme).PostConfigure<SelfUrl>((options, self) =>
            {
                options.AuthorizationEndpoint = self.Resolve(options.AuthorizationEndpoint);
                options.TokenEndpoint = self.Resolve(options.TokenEndpoint);
                options.UserInformationEndpoint = self.Resolve(options.UserInformationEndpoint);
            });
        }

        var perMinute = configuration.GetValue("Login:AttemptsPerMinute", 10);
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(LoginRateLimitPolicy, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(SignInPartition.Of(http.Connection.RemoteIpAddress),
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                : RateLimitPartition.GetNoLimiter("read"));
        });
        return services;
    }
}

/// <summary>Old session rows go hourly.</summary>
public sealed class SignInSchedule : IScheduleContributor
{
    public void Schedule(TwigSchedule schedule) => schedule.Job<SessionSweep.Invocable>(at => at.Hourly());
}
