namespace Twig.Web.Infrastructure.Security;

/// <summary>
/// The district sign-in page (<c>/login/{slug}</c>) this browser last signed in on with a username. People from users.csv
/// have no form on <c>/login</c>, so sign-out and "please sign in" send them back to their district's page instead. The
/// cookie holds only the slug of a page this browser used successfully: nobody learns of a district they never signed in to.
/// </summary>
public static class DistrictSignInPage
{
    public const string CookieName = "twig-sign-in-district";

    public static void Remember(HttpContext http, string slug) =>
        http.Response.Cookies.Append(CookieName, slug,
            Web.RememberedCookie.Options(http.RequestServices.GetRequiredService<IHostEnvironment>(), TimeSpan.FromDays(180)));

    /// <summary>The remembered slug, or null; anything that is not a slug (an edited cookie) counts as none.</summary>
    public static string? Remembered(HttpRequest request) =>
        request.Cookies[CookieName] is { Length: > 0 and <= 100 } slug
        && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            ? slug
            : null;

    /// <summary>The remembered district's sign-in path, or null.</summary>
    public static string? PathFor(HttpRequest request) => Remembered(request) is { } slug ? "/login/" + slug : null;

    /// <summary>The cookie handler's sign-in redirect (<c>…/login?ReturnUrl=…</c>) pointed at the remembered district's page.</summary>
    public static string Redirect(HttpRequest request, string loginRedirect)
    {
        if (PathFor(request) is not { } path) return loginRedirect;
        var query = loginRedirect.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? loginRedirect[at..] : "";
        return request.PathBase + path + query;
    }
}
