using System.Net;
using System.Web;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.Login;

/// <summary>
/// What a browser does with the sign-in buttons, step by step over HTTP: Twig's button, the sandbox's pages
/// (Clever's person picker, Google's account chooser, the Clever portal) and the callbacks back to Twig.
/// </summary>
public static class SignInFlows
{
    /// <summary>Posts the "Sign in with …" button of /login; returns the provider's authorize URL Twig redirected to.</summary>
    public static async Task<Uri> PressButtonAsync(this TwigSession session, string provider, string? returnUrl = null, string? district = null)
    {
        var login = await session.GetPageAsync("/login");
        var fields = new Dictionary<string, string> { ["provider"] = provider };
        if (returnUrl is not null) fields["returnUrl"] = returnUrl;
        if (district is not null) fields["district"] = district;
        var response = await session.PostFormAsync("/login/external", fields, login.AntiforgeryToken());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Absolute(session, response.Headers.Location!);
    }

    /// <summary>Picks a person on sandbox Clever's authorize page; returns Twig's callback URL (code and state).</summary>
    public static async Task<Uri> ChooseCleverPersonAsync(this TwigSession session, Uri authorize, string cleverDistrictId, string userId)
    {
        var query = HttpUtility.ParseQueryString(authorize.Query);
        query["district_id"] = cleverDistrictId;
        query["user_id"] = userId;
        var choose = new UriBuilder(authorize) { Path = authorize.AbsolutePath.Replace("/oauth/authorize", "/oauth/choose"), Query = query.ToString() };
        var response = await session.GetAsync(choose.Uri.ToString());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Absolute(session, response.Headers.Location!);
    }

    /// <summary>The whole Clever button flow; returns the callback URL used (for replays) and the page the person ends on.</summary>
    public static async Task<(Uri Callback, TwigSession.Page Page)> SignInWithCleverAsync(this TwigSession session, string cleverDistrictId, string userId)
    {
        var authorize = await session.PressButtonAsync("clever");
        var callback = await session.ChooseCleverPersonAsync(authorize, cleverDistrictId, userId);
        return (callback, await session.GetPageAsync(callback.ToString()));
    }

    /// <summary>A click on "Launch Twig" in the sandbox Clever portal: a code without state arrives at /signin-clever.</summary>
    public static Task<TwigSession.Page> LaunchFromPortalAsync(this TwigSession session, string cleverDistrictId, string userId) =>
        session.GetPageAsync($"/sandbox/clever/portal/launch?district_id={cleverDistrictId}&user_id={userId}");

    /// <summary>The Google button, then the sandbox Google account chooser with <paramref name="email"/>.</summary>
    public static async Task<TwigSession.Page> SignInWithGoogleAsync(this TwigSession session, string email, bool verified = true)
    {
        var authorize = await session.PressButtonAsync("google");
        var query = HttpUtility.ParseQueryString(authorize.Query);
        query["email"] = email;
        query["verified"] = verified ? "true" : "false";
        var choose = new UriBuilder(authorize) { Path = authorize.AbsolutePath + "/choose", Query = query.ToString() };
        return await session.GetPageAsync(choose.Uri.ToString());
    }

    public static string Text(this TwigSession.Page page) => WebUtility.HtmlDecode(page.Html);

    public static string PathOf(this TwigSession.Page page) => page.Response.RequestMessage!.RequestUri!.AbsolutePath;

    private static Uri Absolute(TwigSession session, Uri location) =>
        location.IsAbsoluteUri ? location : new Uri(session.Client.BaseAddress!, location);
}
