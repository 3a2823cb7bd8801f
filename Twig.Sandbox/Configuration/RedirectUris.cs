using Microsoft.AspNetCore.Http;

namespace Twig.Sandbox.Configuration;

/// <summary>
/// Registered redirect URIs: an absolute entry must match exactly; a path-only entry ("/signin-clever")
/// matches that path on any host, so the same configuration works on any port.
/// </summary>
internal static class RedirectUris
{
    public static bool IsRegistered(string? candidate, IReadOnlyList<string> registered)
    {
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;
        return registered.Any(entry => entry.StartsWith('/')
            ? string.Equals(uri.AbsolutePath, entry, StringComparison.Ordinal)
            : string.Equals(uri.GetLeftPart(UriPartial.Query), entry, StringComparison.Ordinal));
    }

    /// <summary>The primary (first) URI, made absolute from the current request when it is path-only.</summary>
    public static string Primary(HttpRequest request, IReadOnlyList<string> registered)
    {
        var first = registered[0];
        return first.StartsWith('/') ? $"{request.Scheme}://{request.Host}{first}" : first;
    }

    public static string WithParameters(string redirectUri, params (string Name, string? Value)[] parameters)
    {
        var pairs = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!));
        return redirectUri + (redirectUri.Contains('?') ? "&" : "?") + string.Join("&", pairs);
    }
}
