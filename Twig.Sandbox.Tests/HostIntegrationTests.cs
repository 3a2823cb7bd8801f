using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Twig.Sandbox.Tests;

/// <summary>The sandbox inside an app that locks every endpoint by default, as Twig may.</summary>
public sealed class HostIntegrationTests : IAsyncLifetime
{
    private readonly SandboxServer server = new(
        null,
        builder =>
        {
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
            builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            builder.Services.AddAntiforgery();
        },
        app =>
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseAntiforgery();
        });

    public Task InitializeAsync() => server.InitializeAsync();
    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task Sandbox_pages_apis_and_forms_stay_reachable_under_an_app_wide_authorization_policy()
    {
        var client = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("sandbox")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("sandbox/control")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(OAuthFlow.AuthorizeUrl(districtId: server.Demo.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(server.ApiClient(server.Demo.Token), server.Api("/v3.0/schools"))).Status);
        var post = await client.PostAsync($"sandbox/control/{server.Demo.Id}/clear", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
    }
}
