using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Twig.Web.Features.CleverSync.Clever;
using Twig.Web.Infrastructure.Clever;
using Twig.Web.Infrastructure.Web;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.CleverSync;

/// <summary>A district token goes to Clever's API host and nowhere else, whatever <c>next</c> link a page carries.</summary>
public sealed class NextLinkTests(SliceFixture fixture) : SliceTest(fixture)
{
    /// <summary>Stands in for api.clever.com on the wire: one page of users whose next link is <paramref name="next"/>; records every request.</summary>
    private sealed class OnePageClever(string next) : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            var body = request.RequestUri!.Host == "api.clever.test" && Requests.Count == 1
                ? $$$"""{"data":[{"data":{"id":"u1"}}],"links":[{"rel":"next","uri":"{{{next}}}"}]}"""
                : """{"data":[],"links":[]}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    [Theory]
    [InlineData("@evil.example/v3.0/users?starting_after=u1")]
    [InlineData(".evil.example/v3.0/users?starting_after=u1")]
    [InlineData(":8443/v3.0/users?starting_after=u1")]
    [InlineData("https://evil.example/v3.0/users?starting_after=u1")]
    [InlineData("https://api.clever.test@evil.example/v3.0/users?starting_after=u1")]
    [InlineData("http://api.clever.test/v3.0/users?starting_after=u1")]
    public async Task A_next_link_that_leaves_the_api_host_is_not_followed(string next)
    {
        var clever = new OnePageClever(next);
        var client = new CleverApiClient(new HttpClient(clever),
            Options.Create(new CleverOptions { ApiBaseUrl = "https://api.clever.test", PageSize = 1, MaxRetries = 0 }),
            Fixture.Services.GetRequiredService<SelfUrl>());

        var walk = async () => { await foreach (var _ in client.UsersAsync("district-token", "student", null, CancellationToken.None)) { } };

        await Assert.ThrowsAsync<CleverFetchException>(walk);
        Assert.All(clever.Requests, r => Assert.Equal("api.clever.test", r.Host));
        Assert.Single(clever.Requests);
    }

    [Theory]
    [InlineData("/v3.0/users?starting_after=u1")]
    [InlineData("https://api.clever.test/v3.0/users?starting_after=u1")]
    public async Task A_next_link_on_the_api_host_is_followed(string next)
    {
        var clever = new OnePageClever(next);
        var client = new CleverApiClient(new HttpClient(clever),
            Options.Create(new CleverOptions { ApiBaseUrl = "https://api.clever.test", PageSize = 1, MaxRetries = 0 }),
            Fixture.Services.GetRequiredService<SelfUrl>());

        var users = new List<CleverUserPayload>();
        await foreach (var user in client.UsersAsync("district-token", "student", null, CancellationToken.None)) users.Add(user);

        Assert.Single(users);
        Assert.Equal(2, clever.Requests.Count);
        Assert.Equal("https://api.clever.test/v3.0/users?starting_after=u1", clever.Requests[1].AbsoluteUri);
    }
}
