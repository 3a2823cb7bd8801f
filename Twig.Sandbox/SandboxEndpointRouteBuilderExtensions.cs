using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Twig.Sandbox.CleverApi;
using Twig.Sandbox.CleverOAuth;
using Twig.Sandbox.Google;
using Twig.Sandbox.Pages;

namespace Twig.Sandbox;

public static class SandboxEndpointRouteBuilderExtensions
{
    public const string CleverApiPrefix = "/sandbox/clever-api";

    /// <summary>Maps everything under /sandbox: Clever OAuth and portal, the Data API, Google, the control page and the index.</summary>
    public static IEndpointRouteBuilder MapTwigSandbox(this IEndpointRouteBuilder endpoints)
    {
        IndexEndpoint.Map(endpoints);
        ControlEndpoints.Map(endpoints);
        CleverOAuthEndpoints.Map(endpoints);
        CleverPortalEndpoints.Map(endpoints);
        GoogleEndpoints.Map(endpoints);

        var api = endpoints.ServiceProvider.GetRequiredService<CleverApiHandler>();
        endpoints.MapGet(CleverApiPrefix + "/{**rest}", (HttpContext http, string? rest) => api.Handle(http, rest));
        return endpoints;
    }
}
