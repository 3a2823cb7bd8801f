using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// Behind a load balancer the client's address (rate limits, audit) and the scheme (OAuth redirect URIs, links)
/// come from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, but only when the request arrives from a proxy
/// named in <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges).
/// From anyone else the headers are ignored: a client cannot pick its own address or scheme.
/// <c>X-Forwarded-Host</c> is never honoured; links use the request's host or <c>App:BaseUrl</c>.
/// </summary>
public static class ForwardedHeadersSetup
{
    public static IServiceCollection AddTwigForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        var knownProxies = proxies.Select(p => IPAddress.TryParse(p, out var ip) ? ip
            : throw new StartupConfigurationException($"ForwardedHeaders:KnownProxies holds '{p}', which is not an IP address.")).ToList();
        var knownNetworks = networks.Select(n => !System.Net.IPNetwork.TryParse(n, out var network)
            ? throw new StartupConfigurationException($"ForwardedHeaders:KnownNetworks holds '{n}', which is not a CIDR range such as " +
                "10.0.0.0/8.")
            : network.PrefixLength == 0
                ? throw new StartupConfigurationException($"ForwardedHeaders:KnownNetworks holds '{n}', which is every address: any " +
                    "client could then choose its own address (rate limits, audit) and scheme. Name the proxies' own range.")
                : network).ToList();

        services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With no proxy named the middleware would trust every sender, so nothing is forwarded at all.
            options.ForwardedHeaders = knownProxies.Count + knownNetworks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; Twig trusts exactly what is configured.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list still holds loopback by default and is still consulted.
            options.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in knownProxies) options.KnownProxies.Add(proxy);
            foreach (var network in knownNetworks) options.KnownIPNetworks.Add(network);
            // Walk back through every known proxy (CDN, then load balancer); the first unknown hop is the client.
            options.ForwardLimit = null;
        });
        return services;
    }
}
