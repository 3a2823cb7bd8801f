namespace Twig.Web.Infrastructure.Web;

/// <summary>Headers every response carries (and <c>no-store</c> on CSV downloads). No inline script anywhere: scripts come from our own
/// files.</summary>
public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseTwigSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            // CSV downloads hold names and usernames: no browser or proxy cache keeps a copy.
            context.Response.OnStarting(() =>
            {
                if (context.Response.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
                    context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
}
