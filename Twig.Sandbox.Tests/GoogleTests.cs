using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Twig.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class GoogleTests(SandboxServer server)
{
    private string RedirectUri => new Uri(server.BaseAddress, "/signin-google").ToString();

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (verifier, challenge);
    }

    private string AuthorizeQuery(string challenge) =>
        $"?client_id={SandboxServer.GoogleClientId}&redirect_uri={Uri.EscapeDataString(RedirectUri)}&response_type=code&scope=openid%20profile%20email&state=st8&code_challenge={challenge}&code_challenge_method=S256";

    private async Task<Uri> Choose(string email, bool verified, string challenge)
    {
        var client = server.Client();
        var page = await client.GetAsync("sandbox/google/o/oauth2/v2/auth" + AuthorizeQuery(challenge));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Verified", await page.Content.ReadAsStringAsync());
        var chosen = await client.GetAsync("sandbox/google/o/oauth2/v2/auth/choose" + AuthorizeQuery(challenge) + "&email=" + Uri.EscapeDataString(email) + "&verified=" + (verified ? "true" : "false"));
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        return chosen.Headers.Location!;
    }

    private async Task<HttpResponseMessage> Exchange(string code, string verifier) =>
        await server.Client().PostAsync("sandbox/google/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = SandboxServer.GoogleClientId,
            ["client_secret"] = SandboxServer.GoogleClientSecret,
            ["code"] = code,
            ["grant_type"] = "authorization_code",
            ["redirect_uri"] = RedirectUri,
            ["code_verifier"] = verifier,
        }));

    private async Task<JsonElement> UserInfo(HttpResponseMessage tokenResponse)
    {
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        return await ApiCalls.GetOk(server.ApiClient(token), "sandbox/google/oauth2/v3/userinfo");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_chosen_address_signs_in_with_pkce_and_userinfo_says_whether_it_is_verified(bool verified)
    {
        var (verifier, challenge) = Pkce();
        var callback = await Choose("ana.garcia-lopez@springfield.k12.example", verified, challenge);
        Assert.Equal(RedirectUri, callback.GetLeftPart(UriPartial.Path));
        Assert.Equal("st8", OAuthFlow.Query(callback, "state"));
        var info = await UserInfo(await Exchange(OAuthFlow.Query(callback, "code"), verifier));
        Assert.Equal("ana.garcia-lopez@springfield.k12.example", info.GetProperty("email").GetString());
        Assert.Equal(verified, info.GetProperty("email_verified").GetBoolean());
        Assert.Equal("springfield.k12.example", info.GetProperty("hd").GetString());
        Assert.Equal("Ana", info.GetProperty("given_name").GetString());
        Assert.Equal("Garcia Lopez", info.GetProperty("family_name").GetString());
        Assert.False(string.IsNullOrEmpty(info.GetProperty("family_name").GetString()));
        Assert.False(string.IsNullOrEmpty(info.GetProperty("name").GetString()));
        Assert.Matches("^[0-9]{21}$", info.GetProperty("sub").GetString()!);
    }

    [Fact]
    public async Task A_gmail_address_has_no_hosted_domain_and_the_same_address_keeps_its_sub()
    {
        var (verifier, challenge) = Pkce();
        var first = await UserInfo(await Exchange(OAuthFlow.Query(await Choose("someone@gmail.com", true, challenge), "code"), verifier));
        Assert.False(first.TryGetProperty("hd", out _));
        var second = await UserInfo(await Exchange(OAuthFlow.Query(await Choose("someone@gmail.com", true, challenge), "code"), verifier));
        Assert.Equal(first.GetProperty("sub").GetString(), second.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task A_wrong_code_verifier_or_a_reused_code_is_refused()
    {
        var (verifier, challenge) = Pkce();
        var code = OAuthFlow.Query(await Choose("t@gmail.com", true, challenge), "code");
        var wrong = await Exchange(code, Pkce().Verifier);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("invalid_grant", JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Exchange(code, verifier)).StatusCode);
    }

    [Fact]
    public async Task A_workspace_that_has_not_approved_the_app_refuses_with_admin_policy_enforced()
    {
        var callback = await Choose("teacher@locked-down.example.edu", true, Pkce().Challenge);
        Assert.Equal("access_denied", OAuthFlow.Query(callback, "error"));
        Assert.Equal("admin_policy_enforced", OAuthFlow.Query(callback, "error_subtype"));
        Assert.Equal("st8", OAuthFlow.Query(callback, "state"));
        Assert.Equal("", OAuthFlow.Query(callback, "code"));
    }

    [Fact]
    public async Task Bad_client_credentials_or_redirect_uris_are_refused()
    {
        var client = server.Client();
        var badRedirect = await client.GetAsync($"sandbox/google/o/oauth2/v2/auth?client_id={SandboxServer.GoogleClientId}&redirect_uri={Uri.EscapeDataString("http://evil.example/cb")}&response_type=code");
        Assert.Equal(HttpStatusCode.BadRequest, badRedirect.StatusCode);
        var badToken = await client.PostAsync("sandbox/google/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = SandboxServer.GoogleClientId, ["client_secret"] = "nope", ["code"] = "x", ["grant_type"] = "authorization_code",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, badToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCalls.Get(server.ApiClient("ya29.unknown"), "sandbox/google/oauth2/v3/userinfo")).Status);
    }
}
