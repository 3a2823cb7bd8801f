namespace Twig.Web.Infrastructure.Web;

/// <summary>
/// A small cookie in which this browser remembers a choice (the Clever district, the district sign-in page, the viewer's time
/// zone): read only by the server, sent on top-level links from elsewhere, HTTPS-only outside development and tests, and
/// essential (it holds no tracking, so no consent banner withholds it).
/// </summary>
public static class RememberedCookie
{
    public static CookieOptions Options(IHostEnvironment environment, TimeSpan lifetime) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = !environment.IsDevelopmentOrTest(), MaxAge = lifetime, IsEssential = true,
    };
}
