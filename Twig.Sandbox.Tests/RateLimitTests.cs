using System.Net;

namespace Twig.Sandbox.Tests;

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly SandboxServer server = new(new Dictionary<string, string?> { ["Sandbox:Clever:RateLimitPerMinute"] = "5" });

    public Task InitializeAsync() => server.InitializeAsync();
    public Task DisposeAsync() => server.DisposeAsync();

    [Fact]
    public async Task Every_response_carries_the_rate_limit_headers_and_the_limit_answers_429_until_the_minute_resets()
    {
        var client = server.ApiClient(server.Demo.Token);
        for (var i = 1; i <= 5; i++)
        {
            var response = await client.GetAsync(server.Api(i == 3 ? "/v3.0/nowhere" : "/v3.0/schools"));
            Assert.Equal("bearer", response.Headers.GetValues("X-RateLimit-Bucket").Single());
            Assert.Equal("5", response.Headers.GetValues("X-RateLimit-Limit").Single());
            Assert.Equal((5 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("X-RateLimit-Remaining").Single());
            var reset = long.Parse(response.Headers.GetValues("X-RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(reset - server.Time.GetUtcNow().ToUnixTimeSeconds(), 1, 60);
        }

        var limited = await client.GetAsync(server.Api("/v3.0/schools"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("0", limited.Headers.GetValues("X-RateLimit-Remaining").Single());

        // Another token has its own allowance.
        var other = server.ApiClient(server.NewDistrict(10).Token);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(server.Api("/v3.0/schools"))).StatusCode);

        server.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(server.Api("/v3.0/schools"))).StatusCode);
    }
}
