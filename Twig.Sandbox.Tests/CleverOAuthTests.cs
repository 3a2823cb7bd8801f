using System.Net;
using System.Text.Json;

namespace Twig.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class CleverOAuthTests(SandboxServer server)
{
    [Fact]
    public async Task The_sign_in_page_lists_people_with_their_role_and_finds_them_by_name()
    {
        var district = server.Demo;
        var teacher = district.Roster.AnyTeacherWithSections();
        var html = await server.Client().GetStringAsync(OAuthFlow.AuthorizeUrl(districtId: district.Id) + "&q=" + Uri.EscapeDataString(teacher.Name.Last!));
        Assert.Contains(teacher.Id, html);
        Assert.Contains("teacher", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("style=", html);
    }

    [Fact]
    public async Task A_chosen_person_comes_back_with_a_code_and_the_state_and_the_code_buys_an_sso_token()
    {
        var student = server.Demo.Roster.AnyStudent();
        var browser = server.Client();
        var callback = await OAuthFlow.SignIn(browser, server.Demo.Id, student.Id, state: "abc123");
        Assert.StartsWith(OAuthFlow.RedirectUri, callback.ToString());
        Assert.Equal("abc123", OAuthFlow.Query(callback, "state"));

        var token = await OAuthFlow.Token(await OAuthFlow.Exchange(server.Client(), OAuthFlow.Query(callback, "code")));
        var me = await ApiCalls.GetOk(server.ApiClient(token), server.Api("/v3.0/me"));
        Assert.Equal("user", me.GetProperty("type").GetString());
        Assert.Equal(student.Id, me.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal(server.Demo.Id, me.GetProperty("data").GetProperty("district").GetString());
        Assert.Equal("/v3.0/users/" + student.Id, ApiCalls.Link(me, "canonical"));
    }

    [Fact]
    public async Task A_json_body_works_as_well_as_a_form()
    {
        var callback = await OAuthFlow.SignIn(server.Client(), server.Demo.Id, server.Demo.Roster.AnyStaff().Id);
        await OAuthFlow.Token(await OAuthFlow.Exchange(server.Client(), OAuthFlow.Query(callback, "code"), json: true));
    }

    [Fact]
    public async Task A_code_works_once_and_a_reuse_gets_400_invalid_grant()
    {
        var callback = await OAuthFlow.SignIn(server.Client(), server.Demo.Id, server.Demo.Roster.AnyStudent().Id);
        var code = OAuthFlow.Query(callback, "code");
        await OAuthFlow.Token(await OAuthFlow.Exchange(server.Client(), code));
        var again = await OAuthFlow.Exchange(server.Client(), code);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var error = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_grant", error.GetProperty("error").GetString());
        Assert.True(error.TryGetProperty("error_description", out _));
    }

    [Fact]
    public async Task A_code_expires_after_60_seconds()
    {
        var callback = await OAuthFlow.SignIn(server.Client(), server.Demo.Id, server.Demo.Roster.AnyStudent().Id);
        server.Time.Advance(TimeSpan.FromSeconds(61));
        var late = await OAuthFlow.Exchange(server.Client(), OAuthFlow.Query(callback, "code"));
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
    }

    [Fact]
    public async Task The_token_endpoint_requires_basic_client_authentication()
    {
        var callback = await OAuthFlow.SignIn(server.Client(), server.Demo.Id, server.Demo.Roster.AnyStudent().Id);
        var wrong = await OAuthFlow.Exchange(server.Client(), OAuthFlow.Query(callback, "code"), secret: "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var missing = await server.Client().PostAsync("sandbox/clever/oauth/tokens",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "x", ["grant_type"] = "authorization_code" }));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_or_client_is_refused()
    {
        var client = server.Client();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(OAuthFlow.AuthorizeUrl(redirectUri: "http://evil.example/signin-clever/x"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("sandbox/clever/oauth/authorize?response_type=code&client_id=other")).StatusCode);
        // A path-only registration matches that path on any host.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(OAuthFlow.AuthorizeUrl(redirectUri: "http://anyhost:1234/signin-clever", districtId: server.Demo.Id))).StatusCode);
    }

    [Fact]
    public async Task A_second_authorize_returns_at_once_for_the_signed_in_person()
    {
        var browser = server.Client();
        var teacher = server.Demo.Roster.AnyTeacherWithSections();
        await OAuthFlow.SignIn(browser, server.Demo.Id, teacher.Id);
        var again = await browser.GetAsync(OAuthFlow.AuthorizeUrl(state: "second"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("second", OAuthFlow.Query(again.Headers.Location!, "state"));
        var token = await OAuthFlow.Token(await OAuthFlow.Exchange(server.Client(), OAuthFlow.Query(again.Headers.Location!, "code")));
        var me = await ApiCalls.GetOk(server.ApiClient(token), server.Api("/v3.0/me"));
        Assert.Equal(teacher.Id, me.GetProperty("data").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_portal_launch_sends_a_fresh_code_without_state_to_the_primary_redirect_uri()
    {
        var browser = server.Client();
        var contact = server.Demo.Roster.AnyContact();
        var portal = await browser.GetStringAsync("sandbox/clever/portal?district_id=" + server.Demo.Id + "&q=" + contact.Id);
        Assert.Contains("Launch Twig", portal);
        var launch = await browser.GetAsync(OAuthFlow.LinkFor(portal, contact.Id).TrimStart('/'));
        Assert.Equal(HttpStatusCode.Redirect, launch.StatusCode);
        var location = launch.Headers.Location!;
        Assert.Equal(new Uri(server.BaseAddress, "/signin-clever").ToString(), location.GetLeftPart(UriPartial.Path));
        Assert.Equal("", OAuthFlow.Query(location, "state"));
        Assert.DoesNotContain("state=", location.Query);

        var token = await OAuthFlow.Token(await OAuthFlow.Exchange(server.Client(), OAuthFlow.Query(location, "code"), redirectUri: location.GetLeftPart(UriPartial.Path)));
        var user = await ApiCalls.GetOk(server.ApiClient(token), server.Api("/v3.0/users/" + contact.Id));
        Assert.True(user.GetProperty("data").GetProperty("roles").TryGetProperty("contact", out _));
    }

    [Fact]
    public async Task District_tokens_list_only_connected_districts_in_clevers_envelope()
    {
        var client = server.Client();
        var district = server.NewDistrict(30);
        async Task<JsonElement> Tokens(string query)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "sandbox/clever/oauth/tokens" + query);
            request.Headers.Authorization = SandboxServer.Basic(SandboxServer.CleverClientId, SandboxServer.CleverClientSecret);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }

        var all = await Tokens("?owner_type=district");
        var owners = all.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("owner").GetProperty("id").GetString()).ToList();
        Assert.Contains(server.Demo.Id, owners);
        Assert.Contains(district.Id, owners);
        Assert.DoesNotContain(server.Sandbox.Districts[1].Id, owners); // configured as not connected
        Assert.Equal("/oauth/tokens?owner_type=district", ApiCalls.Link(all, "self"));
        var entry = all.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("owner").GetProperty("id").GetString() == district.Id);
        Assert.Equal(district.Token, entry.GetProperty("access_token").GetString());
        Assert.Equal("district", entry.GetProperty("owner").GetProperty("type").GetString());
        Assert.Equal(24, entry.GetProperty("id").GetString()!.Length);
        Assert.NotEmpty(entry.GetProperty("scopes").EnumerateArray());

        var one = await Tokens("?owner_type=district&district=" + district.Id);
        Assert.Single(one.GetProperty("data").EnumerateArray());

        server.Sandbox.Disconnect(district.Id);
        Assert.DoesNotContain(district.Id, (await Tokens("?owner_type=district")).GetProperty("data").EnumerateArray().Select(t => t.GetProperty("owner").GetProperty("id").GetString()));
        server.Sandbox.Connect(district.Id);
        Assert.Single((await Tokens("?owner_type=district&district=" + district.Id)).GetProperty("data").EnumerateArray());

        using var bad = new HttpRequestMessage(HttpMethod.Get, "sandbox/clever/oauth/tokens?owner_type=district");
        bad.Headers.Authorization = SandboxServer.Basic(SandboxServer.CleverClientId, "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(bad)).StatusCode);
    }

    [Fact]
    public async Task Tokeninfo_names_the_client_and_a_rotated_token_replaces_the_old_one()
    {
        var district = server.NewDistrict(30);
        var old = district.Token;
        var info = await ApiCalls.GetOk(server.ApiClient(old), "sandbox/clever/oauth/tokeninfo");
        Assert.Equal(SandboxServer.CleverClientId, info.GetProperty("client_id").GetString());

        var fresh = server.Sandbox.RotateToken(district.Id);
        Assert.NotEqual(old, fresh);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCalls.Get(server.ApiClient(old), server.Api("/v3.0/schools"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(server.ApiClient(fresh), server.Api("/v3.0/schools"))).Status);
    }

    [Fact]
    public async Task An_instant_login_link_launches_a_signed_in_person_without_state()
    {
        var browser = server.Client();
        var student = server.Demo.Roster.AnyStudent();
        var url = $"sandbox/clever/oauth/instant-login?client_id={SandboxServer.CleverClientId}&district_id={server.Demo.Id}";
        var anonymous = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/sandbox/clever/portal", anonymous.Headers.Location!.OriginalString);

        await OAuthFlow.SignIn(browser, server.Demo.Id, student.Id);
        var launch = await browser.GetAsync(url);
        var toApp = await browser.GetAsync(launch.Headers.Location!.OriginalString.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Redirect, toApp.StatusCode);
        Assert.EndsWith("/signin-clever", toApp.Headers.Location!.GetLeftPart(UriPartial.Path));
        Assert.DoesNotContain("state=", toApp.Headers.Location!.Query);
    }

    [Fact]
    public async Task A_disconnected_districts_token_stops_working_until_it_reconnects()
    {
        var district = server.NewDistrict(20);
        var client = server.ApiClient(district.Token);
        server.Sandbox.Disconnect(district.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCalls.Get(client, server.Api("/v3.0/users"))).Status);
        server.Sandbox.Connect(district.Id);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/users"))).Status);
    }
}
