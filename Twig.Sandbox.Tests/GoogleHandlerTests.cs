using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.Google;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Twig.Sandbox.Tests;

/// <summary>The stock Microsoft.AspNetCore.Authentication.Google handler, with only its three endpoints pointed at the sandbox.</summary>
public sealed class GoogleHandlerTests : IAsyncLifetime
{
    private readonly SandboxServer server = new(null, ConfigureServices, ConfigureApp);

    public Task InitializeAsync() => server.InitializeAsync();
    public Task DisposeAsync() => server.DisposeAsync();

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie()
            .AddGoogle(options =>
            {
                options.ClientId = SandboxServer.GoogleClientId;
                options.ClientSecret = SandboxServer.GoogleClientSecret;
                // HttpClient (unlike a browser on localhost) will not send a Secure cookie over plain HTTP.
                options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            });
        // The port is known only once Kestrel has started; options are built at the first request.
        builder.Services.AddOptions<GoogleOptions>(GoogleDefaults.AuthenticationScheme).Configure<IServer>((options, kestrel) =>
        {
            var root = kestrel.Features.Get<IServerAddressesFeature>()!.Addresses.First();
            options.AuthorizationEndpoint = root + "/sandbox/google/o/oauth2/v2/auth";
            options.TokenEndpoint = root + "/sandbox/google/token";
            options.UserInformationEndpoint = root + "/sandbox/google/oauth2/v3/userinfo";
        });
    }

    private static void ConfigureApp(WebApplication app)
    {
        app.UseAuthentication();
        app.MapGet("/login", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/whoami" }, [GoogleDefaults.AuthenticationScheme]));
        app.MapGet("/whoami", (ClaimsPrincipal user) => Results.Text(
            $"{user.FindFirstValue(ClaimTypes.NameIdentifier)}|{user.FindFirstValue(ClaimTypes.Email)}|{user.FindFirstValue(ClaimTypes.GivenName)}|{user.FindFirstValue(ClaimTypes.Surname)}"));
    }

    [Fact]
    public async Task The_stock_google_handler_signs_a_person_in_through_the_sandbox()
    {
        var browser = server.Client();
        var challenge = await browser.GetAsync("login");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Contains("code_challenge_method=S256", authorize.Query);

        var page = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var chosen = await browser.GetAsync(authorize.AbsolutePath + "/choose" + authorize.Query + "&email=jo.okafor%40springfield.k12.example&verified=true");
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);

        var callback = await browser.GetAsync(chosen.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/whoami", callback.Headers.Location!.OriginalString);

        var whoami = await browser.GetStringAsync("whoami");
        var parts = whoami.Split('|');
        Assert.Matches("^[0-9]{21}$", parts[0]);
        Assert.Equal("jo.okafor@springfield.k12.example", parts[1]);
        Assert.Equal("Jo", parts[2]);
        Assert.Equal("Okafor", parts[3]);
    }
}
