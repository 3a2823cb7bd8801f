using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// Turns a configured base URL into an absolute one. Absolute URLs (production) pass through; a path
/// such as <c>/sandbox/clever</c> means "this app", reached over loopback at the address it listens on.
/// </summary>
public sealed class SelfUrl(IServer server)
{
    public string Resolve(string configured)
    {
        if (Uri.TryCreate(configured, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
            return configured.TrimEnd('/');
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"'{configured}' is relative, and the server has no address to resolve it against.");
        var uri = new UriBuilder(address);
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*") uri.Host = "127.0.0.1";
        return uri.Uri.GetLeftPart(UriPartial.Authority) + "/" + configured.Trim('/');
    }
}
