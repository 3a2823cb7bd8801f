using System.Text;
using Microsoft.AspNetCore.Http;

namespace Twig.Sandbox.CleverOAuth;

/// <summary>Reads HTTP Basic client credentials (client_id:client_secret, base64), as Clever requires on its token endpoint.</summary>
internal static class ClientCredentials
{
    public static (string Id, string Secret)? FromBasic(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return null;
            return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
