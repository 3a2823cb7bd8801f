using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Twig.Sandbox.Tests;

/// <summary>Drives the sandbox sign-in pages over HTTP the way a browser (or Twig) does.</summary>
public static partial class OAuthFlow
{
    public const string RedirectUri = "http://127.0.0.1:9/elsewhere/callback";

    public static string AuthorizeUrl(string? state = "xyz", string? districtId = null, string redirectUri = RedirectUri) =>
        "sandbox/clever/oauth/authorize?response_type=code&client_id=" + SandboxServer.CleverClientId
        + "&redirect_uri=" + Uri.EscapeDataString(redirectUri)
        + (state is null ? "" : "&state=" + state)
        + (districtId is null ? "" : "&district_id=" + districtId);

    /// <summary>The href of the action link next to a person, found by Clever user id.</summary>
    public static string LinkFor(string html, string userId)
    {
        var match = Regex.Match(html, "<li data-user-id=\"" + userId + "\">.*?<a href=\"([^\"]+)\"");
        Assert.True(match.Success, $"No link for {userId} on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Authorize, search the person by id, follow their link; returns the redirect to the app.</summary>
    public static async Task<Uri> SignIn(HttpClient browser, string districtId, string userId, string? state = "xyz")
    {
        var page = await browser.GetAsync(AuthorizeUrl(state, districtId) + "&q=" + userId);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var choose = LinkFor(await page.Content.ReadAsStringAsync(), userId);
        var redirect = await browser.GetAsync(choose.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return redirect.Headers.Location!;
    }

    public static string Query(Uri uri, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).TryGetValue(name, out var v) ? v.ToString() : "";

    public static async Task<HttpResponseMessage> Exchange(HttpClient client, string code, bool json = false, string redirectUri = RedirectUri, string secret = SandboxServer.CleverClientSecret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "sandbox/clever/oauth/tokens");
        request.Headers.Authorization = SandboxServer.Basic(SandboxServer.CleverClientId, secret);
        var fields = new Dictionary<string, string> { ["code"] = code, ["grant_type"] = "authorization_code", ["redirect_uri"] = redirectUri };
        request.Content = json ? JsonContent.Create(fields) : new FormUrlEncodedContent(fields);
        return await client.SendAsync(request);
    }

    public static async Task<string> Token(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        return body.GetProperty("access_token").GetString()!;
    }
}
