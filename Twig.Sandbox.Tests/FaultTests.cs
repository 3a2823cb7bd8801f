using System.Net;
using System.Text.Json;

namespace Twig.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class FaultTests(SandboxServer server)
{
    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task A_planned_failure_hits_the_chosen_page_the_chosen_number_of_times(int status)
    {
        var district = server.NewDistrict(100);
        server.Sandbox.Faults(district.Id).Fail(status, onPage: 2, collection: "users", times: 2);
        var client = server.ApiClient(district.Token);
        var first = await ApiCalls.GetOk(client, server.Api("/v3.0/users?limit=20"));
        var next = server.Api(ApiCalls.Link(first, "next")!);
        Assert.Equal((HttpStatusCode)status, (await ApiCalls.Get(client, next)).Status);
        Assert.Equal((HttpStatusCode)status, (await ApiCalls.Get(client, next)).Status);
        var second = await ApiCalls.GetOk(client, next);
        Assert.Equal(20, second.GetProperty("data").GetArrayLength());
        // Other collections are untouched.
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/sections"))).Status);
    }

    [Fact]
    public async Task A_rate_limit_burst_answers_429_for_the_next_n_requests()
    {
        var district = server.NewDistrict(20);
        server.Sandbox.Faults(district.Token).RateLimitBurst(2);
        var client = server.ApiClient(district.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ApiCalls.Get(client, server.Api("/v3.0/users"))).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ApiCalls.Get(client, server.Api("/v3.0/schools"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/users"))).Status);
    }

    [Fact]
    public async Task Slow_responses_outlast_a_short_client_timeout()
    {
        var district = server.NewDistrict(20);
        district.Faults.Slow(TimeSpan.FromSeconds(5));
        var client = server.ApiClient(district.Token);
        client.Timeout = TimeSpan.FromMilliseconds(200);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(server.Api("/v3.0/users")));
        district.Faults.Clear();
        client = server.ApiClient(district.Token);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/users"))).Status);
    }

    [Fact]
    public async Task A_truncated_body_is_not_valid_json()
    {
        var district = server.NewDistrict(100);
        district.Faults.TruncateBody(page: 2, collection: "users");
        var client = server.ApiClient(district.Token);
        var first = await ApiCalls.GetOk(client, server.Api("/v3.0/users?limit=10"));
        var response = await client.GetAsync(server.Api(ApiCalls.Link(first, "next")!));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("{\"data\":[", text);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task A_looping_next_link_points_back_at_the_same_page()
    {
        var district = server.NewDistrict(100);
        district.Faults.LoopNextLink("users");
        var client = server.ApiClient(district.Token);
        var first = await ApiCalls.GetOk(client, server.Api("/v3.0/users?limit=10"));
        Assert.Equal(ApiCalls.Link(first, "self"), ApiCalls.Link(first, "next"));
        var again = await ApiCalls.GetOk(client, server.Api(ApiCalls.Link(first, "next")!));
        Assert.Equal(ApiCalls.Ids(first), ApiCalls.Ids(again));
        // Sections still page normally.
        var sections = await ApiCalls.GetOk(client, server.Api("/v3.0/sections?limit=10"));
        Assert.Contains("starting_after=", ApiCalls.Link(sections, "next"));
    }

    [Fact]
    public async Task An_empty_roster_returns_no_records_until_cleared()
    {
        var district = server.NewDistrict(50);
        district.Faults.EmptyRoster();
        var client = server.ApiClient(district.Token);
        foreach (var collection in new[] { "users", "sections", "schools" })
        {
            var page = await ApiCalls.GetOk(client, server.Api("/v3.0/" + collection));
            SwaggerSchema.Instance.AssertValid(collection == "users" ? "UsersResponse" : collection == "sections" ? "SectionsResponse" : "SchoolsResponse", page);
            Assert.Equal(0, page.GetProperty("data").GetArrayLength());
        }
        district.Faults.Clear();
        Assert.NotEqual(0, (await ApiCalls.GetOk(client, server.Api("/v3.0/users"))).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_revoked_token_gets_401_until_cleared_or_rotated()
    {
        var district = server.NewDistrict(20);
        server.Sandbox.RevokeToken(district.Id);
        var client = server.ApiClient(district.Token);
        var (status, body, _) = await ApiCalls.Get(client, server.Api("/v3.0/users"));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(JsonValueKind.String, body.GetProperty("message").ValueKind);
        district.Faults.Clear();
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(client, server.Api("/v3.0/users"))).Status);

        district.Faults.Revoke();
        var fresh = server.Sandbox.RotateToken(district.Id);
        Assert.Equal(HttpStatusCode.OK, (await ApiCalls.Get(server.ApiClient(fresh), server.Api("/v3.0/users"))).Status);
    }

    [Fact]
    public async Task The_control_page_sets_and_clears_faults_with_plain_forms()
    {
        var district = server.NewDistrict(20);
        var browser = server.Client();
        var page = await browser.GetStringAsync("sandbox/control");
        Assert.Contains(district.Id, page);
        Assert.DoesNotContain("<script", page);

        var post = await browser.PostAsync($"sandbox/control/{district.Id}/burst", new FormUrlEncodedContent(new Dictionary<string, string> { ["requests"] = "1" }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        var client = server.ApiClient(district.Token);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ApiCalls.Get(client, server.Api("/v3.0/users"))).Status);

        var removed = await browser.PostAsync($"sandbox/control/{district.Id}/remove", new FormUrlEncodedContent(new Dictionary<string, string> { ["type"] = "student", ["percent"] = "10" }));
        Assert.Contains("2 records removed", Uri.UnescapeDataString(removed.Headers.Location!.ToString()));
        Assert.Equal(18, district.Roster.CountUsers("student"));
    }
}
