using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Twig.Sandbox.CleverApi;
using Twig.Sandbox.CleverOAuth;
using Twig.Sandbox.Google;
using Twig.Sandbox.Mail;
using Twig.Sandbox.Pages;

namespace Twig.Sandbox;

public static class SandboxEndpointRouteBuilderExtensions
{
    public const string CleverApiPrefix = "/sandbox/clever-api";

    /// <summary>Maps everything under /sandbox: Clever OAuth and portal, the Data API, Google, the control page and the index.</summary>
    public static IEndpointRouteBuilder MapTwigSandbox(this IEndpointRouteBuilder endpoints)
    {
        // The sandbox does its own (Clever/Google-style) authentication: an app-wide fallback
        // authorization policy or antiforgery check must not stand in front of it.
        var sandbox = endpoints.MapGroup("");
        sandbox.AllowAnonymous();
        sandbox.DisableAntiforgery();

        IndexEndpoint.Map(sandbox);
        ControlEndpoints.Map(sandbox);
        CleverOAuthEndpoints.Map(sandbox);
        CleverPortalEndpoints.Map(sandbox);
        GoogleEndpoints.Map(sandbox);
        MailEndpoints.Map(sandbox);

        var api = endpoints.ServiceProvider.GetRequiredService<CleverApiHandler>();
        sandbox.MapGet(CleverApiPrefix + "/{**rest}", (HttpContext http, string? rest) => api.Handle(http, rest));
        return endpoints;
    }
}
