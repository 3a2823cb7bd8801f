using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Twig.Sandbox.CleverOAuth;

namespace Twig.Sandbox.Pages;

/// <summary>/sandbox: what the sandbox offers and where.</summary>
internal static class IndexEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapGet("/sandbox", Show);

    private static IResult Show(CleverSandbox sandbox)
    {
        var districts = string.Concat(sandbox.Districts.Select(d =>
            $"<li>{Html.E(d.Name)} ({d.Options.Students} students, {(d.Connected ? "connected" : "not connected")}) — "
            + $"{Html.Link(Html.Url(CleverPortalEndpoints.PortalPath, ("district_id", d.Id)), "Clever portal")}</li>\n"));
        var body = "<ul>\n"
            + $"<li>{Html.Link(CleverPortalEndpoints.PortalPath, "Clever portal (launch Twig without state)")}</li>\n"
            + $"<li>{Html.Link(ControlEndpoints.Path, "Control: faults and overnight changes")}</li>\n"
            + $"<li>{Html.Link("/sandbox/mail", "Mail: what Twig sent through the sandbox SMTP server")}</li>\n"
            + "<li>Clever OAuth: /sandbox/clever/oauth/authorize, /sandbox/clever/oauth/tokens, /sandbox/clever/oauth/tokeninfo</li>\n"
            + "<li>Clever Data API: /sandbox/clever-api/v3.0/…</li>\n"
            + "<li>Google: /sandbox/google/o/oauth2/v2/auth, /sandbox/google/token, /sandbox/google/oauth2/v3/userinfo</li>\n"
            + "</ul>\n<h2>Districts</h2>\n<ul>\n" + districts + "</ul>\n";
        return Html.Page("Twig sandbox", body);
    }
}
